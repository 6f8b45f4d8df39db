import { useRef, useState } from "preact/hooks";

interface Props {
  onSend: (text: string) => void;
}

/** Enter sends, Shift+Enter starts a new line; `/commands` and `!shell` go as they are typed. */
export function Composer({ onSend }: Props) {
  const [text, setText] = useState("");
  const field = useRef<HTMLTextAreaElement>(null);

  const send = () => {
    if (!text.trim()) return;
    onSend(text);
    setText("");
    field.current?.focus();
  };

  return (
    <form
      class="composer"
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      <textarea
        ref={field}
        data-testid="composer"
        rows={1}
        value={text}
        placeholder="Message, /command or !shell"
        aria-label="Message"
        enterkeyhint="send"
        onInput={(event) => setText(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
            event.preventDefault();
            send();
          }
        }}
      />
      <button type="submit" data-testid="send" class="primary" disabled={!text.trim()} aria-label="Send">
        Send
      </button>
    </form>
  );
}
