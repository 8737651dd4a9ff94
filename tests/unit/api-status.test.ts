/** The API's certification status words at the date edges (issue #14). */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { addDays } from "~/domain/time";
import { apiCertificationStatus } from "~/models/api-certifications.server";
import { decodeCursor, encodeCursor, paginate } from "~/api/cursor";

const now = new Date("2026-12-02T12:00:00Z");
const cert = (expiresInDays: number, revokedAt: Date | null = null) => ({
  issuedAt: addDays(now, -300),
  expiresAt: addDays(now, expiresInDays),
  revokedAt,
});

describe("apiCertificationStatus", () => {
  it("is active beyond 30 days, expiring within them", () => {
    assert.equal(apiCertificationStatus(cert(31), 30, now).status, "active");
    assert.equal(apiCertificationStatus(cert(30), 30, now).status, "expiring");
    assert.equal(apiCertificationStatus(cert(1), 30, now).daysLeft, 1);
  });

  it("is in grace from the expiry until the program's grace ends, then expired", () => {
    const justExpired = apiCertificationStatus(cert(0), 30, now);
    assert.equal(justExpired.status, "in-grace");
    assert.deepEqual(justExpired.graceEndsAt, addDays(now, 30));
    assert.equal(apiCertificationStatus(cert(-29), 30, now).status, "in-grace");
    assert.equal(apiCertificationStatus(cert(-30), 30, now).status, "expired");
    assert.equal(apiCertificationStatus(cert(0), 0, now).status, "expired");
  });

  it("is revoked from the revocation on, whatever the dates", () => {
    assert.equal(apiCertificationStatus(cert(200, now), 30, now).status, "revoked");
    assert.equal(apiCertificationStatus(cert(-5, addDays(now, -10)), 30, now).status, "revoked");
    assert.equal(apiCertificationStatus(cert(200, addDays(now, 1)), 30, now).status, "active");
  });
});

describe("cursors", () => {
  it("round-trip an id and refuse anything else", () => {
    assert.equal(decodeCursor(encodeCursor(42)), 42);
    assert.equal(decodeCursor(undefined), 0);
    assert.equal(decodeCursor("bm9wZQ"), null);
    const rows = [1, 2, 3].map((id) => ({ id }));
    assert.deepEqual(paginate(rows, 2), { data: [{ id: 1 }, { id: 2 }], nextCursor: encodeCursor(2) });
    assert.equal(paginate(rows, 3).nextCursor, null);
  });
});
