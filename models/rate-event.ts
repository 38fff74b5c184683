import mongoose, { Schema, type InferSchemaType } from "mongoose";

/**
 * One row per counted request on a public form (sign-up, objections …), keyed e.g.
 * "signup:ip:1.2.3.4". Counting inserted rows is race-free without compare-and-set; old rows
 * are deleted by the sweeper.
 */
const rateEventSchema = new Schema({
  key: { type: String, required: true, maxlength: 200 },
  at: { type: Date, required: true },
});
rateEventSchema.index({ key: 1, at: -1 });
rateEventSchema.index({ at: 1 });

export type RateEventFields = InferSchemaType<typeof rateEventSchema>;
export const RateEvent = (mongoose.models.RateEvent as mongoose.Model<RateEventFields>) ?? mongoose.model("RateEvent", rateEventSchema);
