import { useTranslation } from "~/i18n/use-translation";
import { workflowLabel } from "~/i18n/labels";
import type { MachineDescription } from "~/workflow/describe";

/**
 * The case's machine drawn from its definition: one box per state in flow order, each with its
 * outgoing transitions; the current state highlighted, the states the case passed marked.
 * `labelPrefix` names the dictionary area (e.g. "registration" → registration.state.review).
 */
export function WorkflowDiagram({
  diagram,
  current,
  visited,
  labelPrefix,
}: {
  diagram: MachineDescription;
  current: string;
  visited: string[];
  labelPrefix: string;
}) {
  const { t } = useTranslation();
  const stateLabel = (id: string) => workflowLabel(t, labelPrefix, "state", id);
  const eventLabel = (id: string) => workflowLabel(t, labelPrefix, "event", id);
  return (
    <figure className="wf-diagram">
      <figcaption>{t("workflow.diagram")}</figcaption>
      <ol className="wf-diagram__states">
        {diagram.states.map((state) => {
          const status = state.id === current ? "current" : visited.includes(state.id) ? "visited" : "pending";
          return (
            <li key={state.id} className={`wf-state wf-state--${status}${state.final ? " wf-state--final" : ""}`} aria-current={status === "current" ? "step" : undefined}>
              <span className="wf-state__name">
                {stateLabel(state.id)}
                {status === "current" ? <span className="wf-state__tag">{t("workflow.diagram.current")}</span> : null}
                {status === "visited" ? <span className="wf-state__tag wf-state__tag--muted">{t("workflow.diagram.visited")}</span> : null}
                {state.final ? <span className="wf-state__tag wf-state__tag--muted">{t("workflow.diagram.final")}</span> : null}
              </span>
              {state.edges.length ? (
                <ul className="wf-state__edges">
                  {state.edges
                    .filter((edge) => edge.target && edge.target !== state.id)
                    .map((edge) => (
                      <li key={`${edge.event}-${edge.target}`}>
                        {eventLabel(edge.event)} → {stateLabel(edge.target!)}
                      </li>
                    ))}
                </ul>
              ) : null}
            </li>
          );
        })}
      </ol>
    </figure>
  );
}
