/**
 * The time left of a timed attempt, counted against the server's clock: the offset between
 * the server's "now" (from the loader) and the browser's is taken once, so a wrong clock on
 * the learner's machine changes nothing. At zero it calls `onTimeUp` (the page submits).
 */
import { useEffect, useRef, useState } from "react";

function format(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const mm = String(minutes).padStart(hours > 0 ? 2 : 1, "0");
  return `${hours > 0 ? `${hours}:` : ""}${mm}:${String(seconds).padStart(2, "0")}`;
}

export function Countdown({
  deadline,
  serverNow,
  onTimeUp,
}: {
  deadline: string;
  serverNow: string;
  onTimeUp: () => void;
}) {
  const deadlineMs = new Date(deadline).getTime();
  const [left, setLeft] = useState(() => deadlineMs - new Date(serverNow).getTime());
  const offset = useRef<number | null>(null);
  const fired = useRef(false);
  useEffect(() => {
    offset.current = new Date(serverNow).getTime() - Date.now();
    const tick = () => {
      const remaining = deadlineMs - (Date.now() + (offset.current ?? 0));
      setLeft(remaining);
      if (remaining <= 0 && !fired.current) {
        fired.current = true;
        onTimeUp();
      }
    };
    tick();
    const timer = window.setInterval(tick, 1000);
    return () => window.clearInterval(timer);
  }, [deadlineMs, serverNow, onTimeUp]);
  const minutesLeft = Math.ceil(left / 60_000);
  const urgent = left <= 60_000;
  return (
    <div className={`countdown${urgent ? " countdown-urgent" : left <= 5 * 60_000 ? " countdown-soon" : ""}`}>
      <span className="countdown-label">Time left</span>
      <span className="countdown-clock" role="timer" aria-label={`${minutesLeft} minutes left`}>
        {format(left)}
      </span>
      {/* Announced at a few moments only, not every second. */}
      <span className="visually-hidden" aria-live="polite">
        {minutesLeft === 5 || minutesLeft === 1
          ? `${minutesLeft} minute${minutesLeft === 1 ? "" : "s"} left`
          : ""}
        {left <= 0 ? "Time is up: your answers are being submitted." : ""}
      </span>
    </div>
  );
}
