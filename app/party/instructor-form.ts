import { z } from "zod";

/** Create and edit share this schema (name, home agency, contact phone). */
export const instructorSchema = z.object({
  name: z.string().trim().min(1, "validation.required").max(32, "instructor.error.nameTooLong"),
  agency: z.string().trim().min(1, "validation.required").max(100, "instructor.error.agencyTooLong"),
  phone: z
    .string()
    .trim()
    .min(1, "validation.required")
    .regex(/^[0-9+\-() ]{5,32}$/, "instructor.error.phone"),
});
export type InstructorForm = z.infer<typeof instructorSchema>;
