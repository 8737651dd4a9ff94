import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ActionSchema } from "~/schemas/admin.people.$userId.server";
import { INVITATION_DAYS } from "#db/vocabulary";
import { requireRole } from "~/auth/auth.server";
import { liftBlock, listBlocksOf } from "~/models/certification-blocks.server";
import { revokeCertificationOf } from "~/models/certifications.server";
import { invitePerson } from "~/models/invitations.server";
import { getPersonRecord, peopleFacets, setDisabled, updatePerson } from "~/models/people.server";
import { personPlans } from "~/models/plans.server";
import { unlinkSso } from "~/models/sso.server";
import { passwordSignInEnabled, ssoSummary } from "~/auth/sso-settings.server";
import {
  AccessSection,
  AssignmentsSection,
  AttainmentsSection,
  AuditSection,
  CertificationsSection,
} from "~/ui/admin/person-record";
import { SignInMethod } from "~/ui/admin/person-sso";
import { BlocksSection } from "~/ui/admin/person-blocks";
import { PlansSection } from "~/ui/admin/person-plans";
import { ResultNotice, SubmitButton } from "~/ui/forms";
import { formatDate } from "~/ui/format";
import { Badge } from "~/ui/status";
import { db } from "~/utils/db.server";
import { formSuccess, formValues, refusalFailure, zodFailure } from "~/utils/form-result.server";
import { readForm } from "~/utils/forms.server";
import { seatUsageOf } from "~/models/seat-caps.server";
import { SeatUsage } from "~/ui/admin/cell-planning";
import { idParam } from "~/utils/params";
import { notFound } from "~/utils/refusal";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const record = getPersonRecord(db(), idParam(params, "userId", "person"), new Date());
  if (!record) throw new Response("No such person", { status: 404 });
  return json({
    ...record,
    blocks: listBlocksOf(db(), record.person.id),
    territories: peopleFacets(db()).territories,
    sso: ssoSummary() ?? null,
    passwordSignIn: passwordSignInEnabled(),
    plans: personPlans(db(), record.person.id, new Date()),
    seatUsage: seatUsageOf(db(), record.person.id),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const userId = idParam(params, "userId", "person");
  const values = formValues(await readForm(request), ["roles"]);
  // A revocation's answer is tied to its certification's row (each row has its own form).
  const intent =
    values.intent === "revoke"
      ? `revoke-${String(values.certificationId)}`
      : values.intent === "lift-block"
        ? `lift-block-${String(values.blockId)}`
        : String(values.intent ?? "");
  const parsed = ActionSchema.safeParse(values);
  if (!parsed.success) return zodFailure(parsed.error, values, intent);
  const now = new Date();
  const input = parsed.data;
  try {
    switch (input.intent) {
      case "update": {
        const sso = ssoSummary();
        updatePerson(db(), userId, input, admin.id, now, sso?.ownsRoles ? sso.label : undefined);
        return formSuccess("Saved.", { intent });
      }
      case "unlink-sso":
        if (!unlinkSso(db(), userId, admin.id, now))
          throw notFound("This person is not linked to single sign-on.");
        return formSuccess("Unlinked: their next single sign-on links the account again by verified email.", {
          intent,
        });
      case "disable":
        setDisabled(db(), userId, true, admin.id, input.reason, now);
        return formSuccess("Disabled: their sessions have ended and they cannot sign in.", { intent });
      case "enable":
        setDisabled(db(), userId, false, admin.id, "", now);
        return formSuccess("Enabled.", { intent });
      case "invite": {
        const record = getPersonRecord(db(), userId, now);
        if (!record) throw notFound("No such person.");
        const { path } = invitePerson(
          db(),
          {
            email: record.person.email,
            name: record.person.name,
            territoryId: record.person.territoryId,
            roles: record.roles,
          },
          admin.id,
          now,
        );
        return formSuccess(
          `Invitation link (valid ${INVITATION_DAYS} days, also queued in the outbox): ${new URL(path, request.url)}`,
          { intent },
        );
      }
      case "revoke":
        revokeCertificationOf(db(), userId, input.certificationId, admin.id, input.reason, now);
        return formSuccess(
          "Certification revoked. Any assignment resting on it now shows as lapsed, and the program is blocked from being issued again until an admin lifts the block.",
          { intent },
        );
      case "lift-block":
        liftBlock(
          db(),
          { blockId: input.blockId, holderId: userId, actorId: admin.id, reason: input.reason },
          now,
        );
        return formSuccess("Block lifted: the program is issued again at their next pass.", { intent });
    }
  } catch (error) {
    return refusalFailure(error, { values, intent });
  }
}

export default function PersonRecord() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { person } = data;
  return (
    <div className="stack-lg">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/admin/people">People</Link>
      </nav>
      <header className="page-header">
        <p className="eyebrow">{person.jobTitle ?? "Person"}</p>
        <h1>{person.name}</h1>
        <p className="muted">
          {person.email} · {person.territory ?? "no territory"} ·{" "}
          <SignInMethod person={person} label={data.sso?.label} />{" "}
          {person.disabledAt ? <Badge tone="danger">Disabled {formatDate(person.disabledAt)}</Badge> : null}
        </p>
        {!person.hasPassword && !person.disabledAt && !person.ssoLinkedAt && data.passwordSignIn ? (
          <Form method="post">
            <SubmitButton intent="invite" className="button">
              Create an invitation link
            </SubmitButton>
          </Form>
        ) : null}
      </header>
      <ResultNotice result={result} />
      <SeatUsage usage={data.seatUsage} />

      <div className="two-col">
        <AccessSection data={data} territories={data.territories} result={result} sso={data.sso} />
        <AssignmentsSection data={data} />
      </div>
      <CertificationsSection data={data} result={result} />
      <PlansSection
        person={person}
        plans={data.plans}
        canNominate={data.roles.includes("learner") && !person.disabledAt}
      />
      <BlocksSection blocks={data.blocks} result={result} />
      <AttainmentsSection data={data} />
      <AuditSection data={data} />
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Person · Admin · Partner Academy" }];
