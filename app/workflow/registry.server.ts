/**
 * Every workflow kind, registered once. Import this (not single definitions) wherever a case
 * may be loaded by id — the engine must know all kinds.
 */
import "~/registration/registration-workflow.server";

export { registeredWorkflows, workflowDefinition } from "./engine.server";
