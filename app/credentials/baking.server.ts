/**
 * Baked badge images (Open Badges 3.0 "Baking"): an SVG carrying the credential in an
 * `<openbadges:credential>` element, and reading a credential back out of a baked SVG or of a
 * PNG's `iTXt` chunk with keyword `openbadgecredential`.
 */

const OB_NAMESPACE = "https://purl.imsglobal.org/ob/v3p0";

const escapeXml = (text: string) =>
  text.replace(
    /[<>&"']/g,
    (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c] ?? c,
  );

/** `]]>` cannot appear inside CDATA: split it across two sections. */
const cdata = (text: string) => `<![CDATA[${text.replaceAll("]]>", "]]]]><![CDATA[>")}]]>`;

/** The badge artwork (512 × 512) with the signed credential baked in. */
export function bakedSvg(
  credentialJson: string,
  label: { title: string; level: string; holder: string; issuer: string },
): string {
  const title = escapeXml(label.title);
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="${OB_NAMESPACE}" viewBox="0 0 512 512" width="512" height="512" role="img" aria-label="${title}">
<openbadges:credential>${cdata(credentialJson)}</openbadges:credential>
<title>${title}</title>
<defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#1d4ed8"/><stop offset="1" stop-color="#0f2a6b"/></linearGradient></defs>
<path d="M256 16 L456 96 V256 C456 376 368 456 256 496 C144 456 56 376 56 256 V96 Z" fill="url(#g)" stroke="#c9a227" stroke-width="12"/>
<text x="256" y="150" text-anchor="middle" font-family="Helvetica, Arial, sans-serif" font-size="26" fill="#c9d7ff" letter-spacing="3">${escapeXml(label.issuer.toUpperCase())}</text>
<text x="256" y="250" text-anchor="middle" font-family="Helvetica, Arial, sans-serif" font-size="${title.length > 22 ? 30 : 38}" font-weight="700" fill="#ffffff">${title}</text>
<text x="256" y="300" text-anchor="middle" font-family="Helvetica, Arial, sans-serif" font-size="26" fill="#f5d76e">${escapeXml(label.level)}</text>
<text x="256" y="380" text-anchor="middle" font-family="Helvetica, Arial, sans-serif" font-size="22" fill="#c9d7ff">${escapeXml(label.holder)}</text>
</svg>
`;
}

export class BakedImageError extends Error {}

/** The credential text baked into an SVG (the first `<openbadges:credential>` element). */
export function extractFromSvg(svg: string): string {
  const open = /<openbadges:credential\b([^>]*?)(\/?)>/.exec(svg);
  if (!open) throw new BakedImageError("This SVG image has no Open Badges credential baked in.");
  // A VC-JWT credential sits in the `verify` attribute; an embedded proof in the element's body.
  const verify = /\bverify\s*=\s*"([^"]*)"/.exec(open[1] ?? "");
  if (verify?.[1]) return verify[1];
  if (open[2]) throw new BakedImageError("The credential element in this SVG image is empty.");
  const start = open.index + open[0].length;
  const end = svg.indexOf("</openbadges:credential>", start);
  if (end < 0) throw new BakedImageError("The credential element in this SVG image is not closed.");
  const body = svg.slice(start, end);
  // Join the CDATA sections (a `]]>` inside the JSON is split across two).
  const sections = [...body.matchAll(/<!\[CDATA\[([\s\S]*?)\]\]>/g)].map((m) => m[1]);
  return (sections.length > 0 ? sections.join("") : body).trim();
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export const isPng = (bytes: Uint8Array) => Buffer.from(bytes.subarray(0, 8)).equals(PNG_SIGNATURE);

/** The text of the PNG's first `iTXt` chunk with keyword `openbadgecredential`. */
export function extractFromPng(png: Buffer): string {
  let offset = 8;
  while (offset + 12 <= png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString("latin1", offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (type === "iTXt") {
      const keywordEnd = data.indexOf(0);
      if (data.toString("latin1", 0, keywordEnd) === "openbadgecredential") {
        if (data[keywordEnd + 1] !== 0)
          throw new BakedImageError(
            "The baked credential in this PNG is compressed, which Open Badges forbids.",
          );
        // keyword \0 compression-flag compression-method language-tag \0 translated-keyword \0 text
        const languageEnd = data.indexOf(0, keywordEnd + 3);
        const translatedEnd = data.indexOf(0, languageEnd + 1);
        if (languageEnd < 0 || translatedEnd < 0)
          throw new BakedImageError("The iTXt chunk in this PNG is malformed.");
        return data.subarray(translatedEnd + 1).toString("utf8");
      }
    }
    if (type === "IEND") break;
    offset += 12 + length;
  }
  throw new BakedImageError("This PNG image has no Open Badges credential baked in.");
}
