/**
 * Where attachment bytes live. One interface, two adapters:
 *  - LocalFileStore: content-addressed files under `${DATA_DIR}/files/` (the embedded default);
 *  - UploadThingFileStore: files at UploadThing, used when UPLOADTHING_TOKEN is set.
 * Metadata always lives in the Attachment collection; each row names the adapter that holds
 * its bytes, so files stored before a switch of adapter stay readable.
 */
import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, open, rename, rm, stat, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { UTApi } from "uploadthing/server";
import type { AttachmentAdapter } from "@models/attachment";
import { env } from "~/env.server";

export interface FileStore {
  readonly adapter: AttachmentAdapter;
  /** The stored bytes, streamed. */
  open(storedName: string): Promise<Readable>;
  /**
   * Removes the bytes once no row refers to them any more (`stillReferenced` is asked after
   * the bytes are out of the way, so an upload racing the removal never loses its file).
   */
  remove(storedName: string, stillReferenced: () => Promise<boolean>): Promise<void>;
}

const SHA256 = /^[0-9a-f]{64}$/;

export class LocalFileStore implements FileStore {
  readonly adapter = "local" as const;
  constructor(readonly root: string) {}

  /** Temp files sit beside the store, on the same file system, so committing is an atomic rename. */
  get tempDir(): string {
    return path.join(this.root, "tmp");
  }

  pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error("not a sha256 name");
    return path.join(this.root, "sha256", sha256.slice(0, 2), sha256);
  }

  async createTemp(): Promise<{ path: string; handle: FileHandle }> {
    await mkdir(this.tempDir, { recursive: true });
    const tempPath = path.join(this.tempDir, `${Date.now()}-${randomBytes(8).toString("hex")}.part`);
    return { path: tempPath, handle: await open(tempPath, "wx", 0o600) };
  }

  async discard(tempPath: string): Promise<void> {
    await rm(tempPath, { force: true });
  }

  /** Moves a fully written temp file to its content address (same bytes, so replacing is harmless). */
  async commit(tempPath: string, sha256: string): Promise<string> {
    const target = this.pathOf(sha256);
    await mkdir(path.dirname(target), { recursive: true });
    await rename(tempPath, target);
    return sha256;
  }

  async exists(sha256: string): Promise<boolean> {
    return stat(this.pathOf(sha256)).then(
      () => true,
      () => false,
    );
  }

  async open(storedName: string): Promise<Readable> {
    const file = this.pathOf(storedName);
    await stat(file); // a missing file fails here, before any header is sent
    return createReadStream(file);
  }

  async remove(storedName: string, stillReferenced: () => Promise<boolean>): Promise<void> {
    const file = this.pathOf(storedName);
    const trash = path.join(this.tempDir, `${storedName}.${randomBytes(8).toString("hex")}.deleted`);
    await mkdir(this.tempDir, { recursive: true });
    try {
      await rename(file, trash);
    } catch {
      return; // already gone
    }
    // A concurrent upload of the same content may have recorded its row meanwhile: put the bytes back.
    if (await stillReferenced()) await rename(trash, file);
    else await rm(trash, { force: true });
  }
}

export interface UploadThingOptions {
  token: string;
  /** The HTTP client for UploadThing's API and file hosts (tests hand in a stand-in for the network). */
  fetch?: typeof globalThis.fetch;
}

export class UploadThingFileStore implements FileStore {
  readonly adapter = "uploadthing" as const;
  readonly api: UTApi;
  private readonly fetch: typeof globalThis.fetch;

  constructor(options: UploadThingOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
    this.api = new UTApi({ token: options.token, fetch: this.fetch, logLevel: "Error" });
  }

  async open(storedName: string): Promise<Readable> {
    // Files are uploaded private; a short-lived signed URL is generated locally (no API call).
    const { ufsUrl } = await this.api.generateSignedURL(storedName, { expiresIn: 60 });
    const response = await this.fetch(ufsUrl);
    if (!response.ok || !response.body) throw new Error(`UploadThing answered ${response.status} for a stored file`);
    return Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
  }

  async remove(storedName: string): Promise<void> {
    // UploadThing keys are unique per upload, so nothing else can refer to them.
    await this.api.deleteFiles(storedName);
  }
}

let local: LocalFileStore | undefined;
let uploadThing: UploadThingFileStore | undefined;

export function localStore(): LocalFileStore {
  local ??= new LocalFileStore(path.resolve(env().DATA_DIR, "files"));
  return local;
}

export function uploadThingStore(): UploadThingFileStore | null {
  const token = env().UPLOADTHING_TOKEN;
  if (!token) return null;
  uploadThing ??= new UploadThingFileStore({ token });
  return uploadThing;
}

/** Where new uploads go: UploadThing when configured, else the local disk. */
export function activeAdapter(): AttachmentAdapter {
  return env().UPLOADTHING_TOKEN ? "uploadthing" : "local";
}

/**
 * Stores bytes the app made itself (an issued document's PDF) where new files go: content-addressed
 * on local disk (written to a temp file, then renamed into place), or uploaded to UploadThing.
 */
export async function storeGeneratedFile(bytes: Buffer, name: string, sha256: string): Promise<{ adapter: AttachmentAdapter; storedName: string }> {
  const remote = uploadThingStore();
  if (remote) {
    const result = await remote.api.uploadFiles(new File([new Uint8Array(bytes)], name, { type: "application/pdf" }));
    if (result.error) throw new Error(`UploadThing refused a generated file: ${result.error.message}`);
    return { adapter: "uploadthing", storedName: result.data.key };
  }
  const store = localStore();
  if (!(await store.exists(sha256))) {
    const temp = await store.createTemp();
    try {
      await temp.handle.writeFile(bytes);
    } finally {
      await temp.handle.close();
    }
    await store.commit(temp.path, sha256);
  }
  return { adapter: "local", storedName: sha256 };
}

export function storeFor(adapter: AttachmentAdapter): FileStore {
  if (adapter === "local") return localStore();
  const store = uploadThingStore();
  if (!store) throw new Error("A file is stored at UploadThing but UPLOADTHING_TOKEN is not set.");
  return store;
}
