/**
 * The publishing side of a module's editor page: publish the draft as the next version (a
 * minor or a major revision, with what changed) and the list of published versions.
 * Presentational, like `module-editor.tsx`.
 */
import { Form } from "@remix-run/react";
import { Notice, SelectField, SubmitButton, TextAreaField } from "~/ui/forms";
import { CHANGE_NOTE_MAX } from "~/domain/lifecycle";
import { formatDate } from "~/ui/format";
import { type FormResult, resultFor } from "~/utils/form-result";

export function PublishPanel({
  problems,
  nextVersion,
  result,
}: {
  problems: readonly string[];
  nextVersion: number;
  result: FormResult | undefined;
}) {
  const mine = resultFor(result, "publish");
  return (
    <section className="card stack" aria-labelledby="publish-title">
      <h2 id="publish-title" className="h3">
        Publish
      </h2>
      {problems.length > 0 ? (
        // After a refused publish the same list is announced as an error.
        <Notice tone={mine?.ok === false ? "error" : "warning"}>
          <p>{mine?.ok === false ? mine.message : "Before this draft can be published:"}</p>
          <ul>
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </Notice>
      ) : (
        <p>
          Ready to publish as version {nextVersion}.{" "}
          {nextVersion > 1
            ? "Learners mid-way through an earlier version keep theirs after a minor revision and move to this one after a major one."
            : ""}
        </p>
      )}
      <Form method="post" className="stack">
        {nextVersion > 1 ? <RevisionFields result={mine} /> : null}
        <div>
          <SubmitButton intent="publish">Publish version {nextVersion}</SubmitButton>
        </div>
      </Form>
    </section>
  );
}

/**
 * How this version changed (Rule 14): a minor revision changes nothing for holders; a major
 * one gives them a deadline to take it, with the note of what changed.
 */
function RevisionFields({ result }: { result: FormResult | undefined }) {
  return (
    <>
      <SelectField
        name="changeKind"
        label="Kind of change"
        result={result}
        defaultValue="minor"
        options={[
          { value: "minor", label: "Minor: corrections and wording; nothing changes for holders" },
          { value: "major", label: "Major: holders must take the new version by a deadline" },
        ]}
        hint="A major revision gives everyone who holds the competencies it teaches the program's delta deadline (90 days by default) to pass the new version."
      />
      <TextAreaField
        name="changeNote"
        label="What changed"
        result={result}
        rows={3}
        maxLength={CHANGE_NOTE_MAX}
        hint="Holders read this with their deadline. Required for a major revision."
      />
    </>
  );
}

export function VersionsPanel({
  versions,
  archived,
}: {
  versions: readonly {
    id: number;
    versionNumber: number | null;
    title: string;
    publishedAt: string | null;
  }[];
  archived: boolean;
}) {
  return (
    <section className="card stack" aria-labelledby="versions-title">
      <h2 id="versions-title" className="h3">
        Versions
      </h2>
      {versions.length === 0 ? (
        <p className="muted">Not published yet.</p>
      ) : (
        <ul className="list">
          {versions.map((v) => (
            <li key={v.id}>
              <span>
                Version {v.versionNumber} · {v.title}
              </span>
              <span className="muted small">{v.publishedAt ? formatDate(v.publishedAt) : ""}</span>
            </li>
          ))}
        </ul>
      )}
      {versions.length > 0 ? (
        <Form method="post">
          {archived ? (
            <SubmitButton intent="unarchive" className="button">
              Restore to the catalog
            </SubmitButton>
          ) : (
            <SubmitButton intent="archive" className="button button-danger">
              Archive (remove from the catalog)
            </SubmitButton>
          )}
        </Form>
      ) : null}
    </section>
  );
}
