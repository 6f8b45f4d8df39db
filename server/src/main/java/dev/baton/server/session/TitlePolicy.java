package dev.baton.server.session;

import dev.baton.protocol.event.EventBody;
import dev.baton.protocol.event.EventErrorCode;
import java.util.Optional;

/**
 * Which title a session gets, and when. A person's choice (a name or a rename) is never replaced by an
 * automatic title; the first plain message names an untitled session; Remote Control retitles a
 * session nobody named from what its conversation is about now.
 */
final class TitlePolicy {
    private TitlePolicy() {}

    /** The title the first plain message gives a session that has none yet. */
    static Optional<EventBody.Title> forPrompt(SessionState state, String prompt) {
        return state.title() == null
                ? Optional.of(new EventBody.Title(Titles.fromPrompt(prompt), Titles.PROMPT))
                : Optional.empty();
    }

    /** {@code /rename} and the {@code rename} input: the new title, or why it is refused. */
    static EventBody rename(String requested) {
        String title = Titles.clean(requested);
        if (title.isEmpty()) {
            return new EventBody.Error(EventErrorCode.MISSING_ARGUMENT.wire(), "A new title is needed: /rename NAME");
        }
        if (title.length() > Titles.MAX_LENGTH) {
            return new EventBody.Error(
                    EventErrorCode.INVALID_TITLE.wire(),
                    "A title can be at most " + Titles.MAX_LENGTH + " characters.");
        }
        return new EventBody.Title(title, Titles.RENAME);
    }

    /** Why a name given with {@code /remote-control NAME} cannot be a title; empty when it can. */
    static Optional<EventBody.Error> nameRefused(String requestedName) {
        return Titles.clean(requestedName).length() > Titles.MAX_LENGTH
                ? Optional.of(new EventBody.Error(
                        EventErrorCode.INVALID_TITLE.wire(),
                        "A name can be at most " + Titles.MAX_LENGTH + " characters."))
                : Optional.empty();
    }

    /**
     * A name given with {@code /remote-control NAME} is the title. Otherwise a title nobody chose is
     * replaced by one from the last plain message, which says better what a resumed conversation is
     * about now than its first prompt does. Empty when the title stays as it is.
     */
    static Optional<EventBody.Title> onRemoteControl(SessionState state, String requestedName) {
        String name = Titles.clean(requestedName);
        if (!name.isEmpty()) {
            return name.equals(state.title()) && state.titleChosen()
                    ? Optional.empty()
                    : Optional.of(new EventBody.Title(name, Titles.NAME));
        }
        if (state.titleChosen() || state.lastPrompt() == null) {
            return Optional.empty();
        }
        String title = Titles.fromPrompt(state.lastPrompt());
        return title.equals(state.title())
                ? Optional.empty()
                : Optional.of(new EventBody.Title(title, Titles.CONVERSATION));
    }
}
