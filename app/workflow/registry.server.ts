/**
 * Every workflow kind, registered once. Import this (not single definitions) wherever a case
 * may be loaded by id — the engine must know all kinds.
 */
import "~/registration/registration-workflow.server";
import "~/daily-gate/annual-report-workflow.server";
import "~/exit-gate/exit-workflows.server";
import "~/competition/competition-workflow.server";
