import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/auth/guards.server";
import { useTranslation } from "~/i18n/use-translation";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "judge");
  return null;
}

export default function JudgeHome() {
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("workspace.judge.title")}</h1>
      <p className="lead">{t("workspace.judge.lead")}</p>
      <p className="empty">{t("workspace.judge.empty")}</p>
    </>
  );
}
