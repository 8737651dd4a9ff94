/**
 * Rule 12: a revoked certification blocks the automatic re-issue of its program to that
 * person until an admin lifts the block. Pure.
 */
import type { ProgramLevel } from "./certification";

export interface BlockableProgram {
  id: number;
  technologyId: number;
  level: ProgramLevel;
}

/**
 * The programs a person may not be issued automatically, given the programs they hold an
 * active block on: those programs, and the lead program of a technology whose specialist
 * program is blocked (a lead certification includes the specialist's requirements and
 * qualifies for specialist seats, so it would otherwise undo the revocation).
 */
export function blockedPrograms(
  programs: readonly BlockableProgram[],
  blockedIds: ReadonlySet<number>,
): Set<number> {
  const blocked = new Set<number>();
  for (const program of programs) {
    if (blockedIds.has(program.id)) {
      blocked.add(program.id);
      continue;
    }
    const specialist = programs.find(
      (p) => p.technologyId === program.technologyId && p.level === "specialist",
    );
    if (program.level === "lead" && specialist && blockedIds.has(specialist.id)) blocked.add(program.id);
  }
  return blocked;
}
