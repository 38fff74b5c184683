import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { signOut } from "~/auth/sign-in.server";

export const action = ({ request }: ActionFunctionArgs) => signOut(request);

// Signing out changes state, so it is a POST; a GET just goes home.
export const loader = () => redirect("/");
