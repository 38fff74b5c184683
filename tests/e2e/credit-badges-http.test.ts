/**
 * A listed organization carries its credit-list badge wherever it is shown: the regulators'
 * register list and organization page, the public directory list and detail.
 */
import mongoose from "mongoose";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { CreditListing } from "@models/credit-listing";
import { Organization } from "@models/organization";
import { DEMO_PASSWORD } from "../../scripts/seed/demo";
import { cookiesOf, postForm } from "../support/http";

const baseUrl = inject("baseUrl");

beforeAll(async () => {
  await mongoose.connect(inject("appMongoUri"), { serverSelectionTimeoutMS: 3_000 });
});
afterAll(async () => {
  await mongoose.disconnect();
});

/** The table row (or page head) that names the organization, with its badges. */
function rowOf(html: string, name: string): string {
  const at = html.indexOf(`>${name}<`);
  expect(at, `${name} on the page`).toBeGreaterThan(-1);
  const end = html.indexOf("</tr>", at);
  return html.slice(at, end === -1 ? at + 2_000 : end);
}

describe("credit badges", () => {
  it("show on the register list, the organization page and the public directory for a listed organization, and not for a clean one", async () => {
    const listing = await CreditListing.findOne({ list: "abnormal", removedAt: null }, { organizationId: 1, uscc: 1, organizationName: 1 }).lean();
    expect(listing, "the demo has an organization on the abnormal list").toBeTruthy();
    const { uscc, organizationName: name } = listing!;
    const cookie = cookiesOf(await postForm(baseUrl, "/login", { username: "regulator", password: DEMO_PASSWORD }));
    const get = async (path: string, withCookie = false) => {
      const response = await fetch(`${baseUrl}${path}`, withCookie ? { headers: { Cookie: cookie } } : {});
      expect(response.status, path).toBe(200);
      return response.text();
    };
    const badge = 'data-credit-list="abnormal"';

    expect(rowOf(await get(`/regulator/organizations?q=${uscc}`, true), name)).toContain(badge);
    expect(await get(`/regulator/organizations/${String(listing!.organizationId)}`, true)).toContain(badge);
    expect(rowOf(await get(`/directory?q=${uscc}`), name)).toContain(badge);
    const detail = await get(`/directory/${uscc}`);
    expect(detail).toContain(badge);
    expect(detail).toContain("活动异常名录");

    const listed = await CreditListing.distinct("organizationId", { removedAt: null });
    const clean = await Organization.findOne({ status: "registered", _id: mongoose.trusted({ $nin: listed }) }, { uscc: 1, name: 1 }).lean();
    expect(rowOf(await get(`/directory?q=${clean!.uscc}`), clean!.name)).not.toContain("data-credit-list");
  });
});
