import { isMessageKey, type MessageKey, type Params } from "~/i18n/i18n";

/**
 * Why a file was not accepted (or a file action not allowed): a dictionary key with its
 * parameters, so the same refusal reads well in either language, plus the HTTP status.
 */
export class AttachmentRefusal extends Error {
  constructor(
    readonly key: MessageKey,
    readonly params: Params = {},
    readonly status = 400,
  ) {
    super(key);
    this.name = "AttachmentRefusal";
  }
}

/** The JSON body the upload route answers with on refusal (read by the upload component). */
export interface RefusalBody {
  error: MessageKey;
  params: Params;
  message: string;
}

/** Translates a refusal; a parameter that is itself a message key (a detected kind) is translated too. */
export function describeRefusal(t: (key: MessageKey, params?: Params) => string, key: MessageKey, params: Params = {}): string {
  const translated: Params = {};
  for (const [name, value] of Object.entries(params)) {
    translated[name] = isMessageKey(value) && value.startsWith("attachments.kind.") ? t(value) : value;
  }
  return t(key, translated);
}
