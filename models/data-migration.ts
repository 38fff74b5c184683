import mongoose, { Schema, type InferSchemaType } from "mongoose";

/**
 * One row per data migration that has run to the end (its name is the _id): a start checks its
 * migrations with `_id` lookups instead of re-reading the collections they fix.
 */
const dataMigrationSchema = new Schema(
  {
    _id: { type: String, required: true },
    doneAt: { type: Date, required: true },
    /** How many documents it changed (0 on a database that never needed it). */
    changed: { type: Number, required: true },
  },
  { versionKey: false },
);

export type DataMigrationFields = InferSchemaType<typeof dataMigrationSchema>;
export const DataMigration =
  (mongoose.models.DataMigration as mongoose.Model<DataMigrationFields>) ?? mongoose.model("DataMigration", dataMigrationSchema);
