/** Where a certification's portable credential can be had: JSON, baked image, LinkedIn. */
import { credentialUrl, linkedInAddUrl, verifyPageUrl } from "~/domain/open-badge";
import { env } from "~/utils/env.server";

export interface CredentialLinks {
  json: string;
  badge: string;
  linkedIn: string;
  verify: string;
}

export function credentialLinks(
  origin: string,
  certification: { credentialId: string; program: string; issuedAt: Date | string; expiresAt: Date | string },
): CredentialLinks {
  const verify = verifyPageUrl(origin, certification.credentialId);
  const json = credentialUrl(origin, certification.credentialId);
  return {
    json: `${json}?download`,
    badge: `${json}/badge.svg`,
    verify,
    linkedIn: linkedInAddUrl({
      name: certification.program,
      organizationName: env().ISSUER_NAME,
      issuedAt: new Date(certification.issuedAt).toISOString(),
      expiresAt: new Date(certification.expiresAt).toISOString(),
      credentialId: certification.credentialId,
      verifyUrl: verify,
    }),
  };
}
