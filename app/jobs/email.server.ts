/**
 * The email channel: nodemailer over SMTP (SMTP_URL), with explicit connection, greeting and
 * socket timeouts (nodemailer's defaults are minutes), a stable Message-ID per outbox row,
 * and a verdict on each error: retry the transient ones (network, timeouts, 4xx replies),
 * give up on the permanent ones (5xx replies, a refused envelope).
 */
import crypto from "node:crypto";
import nodemailer from "nodemailer";
import type { ClaimedMessage } from "~/models/outbox.server";

export interface MailSettings {
  smtpUrl: string | undefined;
  from: string;
  timeoutMs: number;
  /** Public origin; its host names the Message-IDs. */
  origin: string;
}

export interface MailFailure {
  transient: boolean;
  /** Stop this run: the server cannot be reached, the next messages would fail the same way. */
  serverDown: boolean;
  message: string;
}

const UNREACHABLE = new Set(["ESOCKET", "ETIMEDOUT", "ECONNECTION", "EDNS", "ECONNREFUSED", "EPROXY"]);

export function classifyMailError(error: unknown): MailFailure {
  const e = (typeof error === "object" && error !== null ? error : {}) as {
    code?: unknown;
    responseCode?: unknown;
    message?: unknown;
  };
  const code = typeof e.code === "string" ? e.code : undefined;
  const reply = typeof e.responseCode === "number" ? e.responseCode : undefined;
  const message = [code, reply, typeof e.message === "string" ? e.message : String(error)]
    .filter((p) => p !== undefined)
    .join(" ");
  // A rejected login is the deployment's to fix; the message itself is fine: keep it queued.
  if (code === "EAUTH") return { transient: true, serverDown: true, message };
  if (reply !== undefined && reply >= 400 && reply < 500)
    return { transient: true, serverDown: false, message };
  if (reply !== undefined && reply >= 500) return { transient: false, serverDown: false, message };
  if (code === "EENVELOPE" || code === "EMESSAGE") return { transient: false, serverDown: false, message };
  if (code && UNREACHABLE.has(code)) return { transient: true, serverDown: true, message };
  return { transient: true, serverDown: false, message };
}

/** `<hash-of-dedupe-key@host>`: the same for every try, so a resend can be recognised. */
export function messageId(dedupeKey: string, origin: string): string {
  const hash = crypto.createHash("sha256").update(dedupeKey).digest("hex").slice(0, 32);
  return `<${hash}@${new URL(origin).hostname}>`;
}

export interface Mailer {
  send(message: ClaimedMessage): Promise<void>;
  close(): void;
}

/** A mailer for one delivery run, or undefined when SMTP_URL is not set. */
export function createMailer(settings: MailSettings): Mailer | undefined {
  if (!settings.smtpUrl) return undefined;
  const transport = nodemailer.createTransport({
    url: settings.smtpUrl,
    pool: true,
    maxConnections: 2,
    connectionTimeout: settings.timeoutMs,
    greetingTimeout: settings.timeoutMs,
    socketTimeout: settings.timeoutMs,
  });
  return {
    async send(message) {
      await transport.sendMail({
        from: settings.from,
        to: message.recipient,
        subject: message.subject,
        text: message.textBody,
        ...(message.htmlBody ? { html: message.htmlBody } : {}),
        messageId: messageId(message.dedupeKey, settings.origin),
        headers: { "Auto-Submitted": "auto-generated" },
      });
    },
    close() {
      transport.close();
    },
  };
}

/** Where mail goes, for the admin page and the logs: host and port, never the password. */
export function describeSmtp(smtpUrl: string | undefined): string | null {
  if (!smtpUrl) return null;
  try {
    const url = new URL(smtpUrl);
    return `${url.protocol.replace(":", "")}://${url.hostname}${url.port ? `:${url.port}` : ""}`;
  } catch {
    return "(unreadable SMTP_URL)";
  }
}
