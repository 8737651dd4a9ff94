/**
 * A real SMTP server for tests (smtp-server + mailparser) on a random local port. It keeps
 * every message it accepts, parsed, and can be told to refuse the next ones with a reply
 * code (4xx: try again later; 5xx: permanent).
 */
import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  to: string;
  from: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
}

export interface TestSmtp {
  url: string;
  port: number;
  received: ReceivedMail[];
  /** Refuse messages with this reply code until set back to null. */
  refuseWith: number | null;
  close(): Promise<void>;
}

export async function startSmtp(): Promise<TestSmtp> {
  const state: { refuseWith: number | null } = { refuseWith: null };
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS", "AUTH"],
    authOptional: true,
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          if (state.refuseWith !== null) {
            const error = Object.assign(new Error("Refused by the test server"), {
              responseCode: state.refuseWith,
            });
            callback(error);
            return;
          }
          const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
          received.push({
            to: to?.value[0]?.address ?? "",
            from: mail.from?.text ?? "",
            subject: mail.subject ?? "",
            text: mail.text ?? "",
            html: typeof mail.html === "string" ? mail.html : "",
            messageId: mail.messageId ?? "",
          });
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    received,
    get refuseWith() {
      return state.refuseWith;
    },
    set refuseWith(code: number | null) {
      state.refuseWith = code;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
