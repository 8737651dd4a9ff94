import type { WebhookEvent } from "#db/vocabulary";

/** An endpoint as the API shows it: never its secret. */
export function toApiEndpoint(e: {
  id: number;
  url: string;
  events: WebhookEvent[];
  description: string | null;
  createdAt: Date;
  disabledAt: Date | null;
  disabledReason: string | null;
  consecutiveFailures: number;
}) {
  return {
    id: e.id,
    url: e.url,
    events: e.events,
    description: e.description,
    createdAt: e.createdAt.toISOString(),
    disabledAt: e.disabledAt?.toISOString() ?? null,
    disabledReason: e.disabledReason,
    consecutiveFailures: e.consecutiveFailures,
  };
}
