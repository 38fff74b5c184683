/**
 * UploadThing's endpoint (uploadthing/remix): the browser asks here for upload URLs (the
 * router's middleware authorizes), and UploadThing calls back here, signed, when a file is
 * stored (hence exempt from the Origin check). 404 when UPLOADTHING_TOKEN is not set.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { createRouteHandler } from "uploadthing/remix";
import { attachmentFileRouter } from "~/attachments/uploadthing.server";
import { env } from "~/env.server";

let handler: ReturnType<typeof createRouteHandler> | undefined;

function uploadThingHandler() {
  const router = attachmentFileRouter();
  if (!router) throw new Response("Not Found", { status: 404 });
  handler ??= createRouteHandler({ router, config: { token: env().UPLOADTHING_TOKEN, logLevel: "Error" } });
  return handler;
}

export async function loader(args: LoaderFunctionArgs) {
  return uploadThingHandler().loader(args);
}

export async function action(args: ActionFunctionArgs) {
  return uploadThingHandler().action(args);
}
