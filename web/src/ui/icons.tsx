/** A computer with a status dot: the session's machine, green when the relay hears it. */
export function ComputerIcon({ online }: { online: boolean }) {
  return (
    <svg class={`computer ${online ? "on" : "off"}`} viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
      <rect x="2" y="4" width="18" height="12" rx="2" fill="none" stroke="currentColor" stroke-width="2" />
      <path d="M7 20h8M11 16v4" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
      <circle class="dot" cx="20" cy="17" r="3.5" />
    </svg>
  );
}
