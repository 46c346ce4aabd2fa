/** A pulsing dot while something is happening now; still (and announced as such) once it isn't. */
export function LiveDot({ live }: { live: boolean }) {
  return (
    <span aria-hidden className="relative flex size-2">
      {live ? <span className="absolute inline-flex size-full animate-ping rounded-full bg-emerald-400 opacity-75 motion-reduce:animate-none" /> : null}
      <span className={`relative inline-flex size-2 rounded-full ${live ? "bg-emerald-500" : "bg-zinc-300 dark:bg-zinc-600"}`} />
    </span>
  );
}
