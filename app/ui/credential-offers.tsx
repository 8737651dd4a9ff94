/** The portable forms of a credential: the signed JSON, the baked badge image, LinkedIn. */
export function CredentialOffers({
  links,
  heading = "Take it with you",
}: {
  links: { json: string; badge: string; linkedIn: string };
  heading?: string;
}) {
  return (
    <section className="card stack credential-offers no-print" aria-labelledby="credential-offers-title">
      <h2 id="credential-offers-title">{heading}</h2>
      <p className="muted small">
        An Open Badges 3.0 credential, signed by the academy: wallets and other platforms can check it without
        asking us, and anyone can check the file on our verification page.
      </p>
      <div className="button-row">
        <a className="button" href={links.json} download>
          Download credential (JSON)
        </a>
        <a className="button" href={links.badge} download>
          Download badge image (SVG)
        </a>
        <a className="button" href={links.linkedIn} target="_blank" rel="noopener noreferrer">
          Add to LinkedIn
        </a>
      </div>
    </section>
  );
}
