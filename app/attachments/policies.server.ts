/**
 * Loads every case kind's attachment policy. A feature whose cases take files adds one
 * import here for the module that calls registerAttachmentPolicy().
 */
import "./organization-policy.server";
import "~/registration/registration-attachments.server";
import "~/competition/entry-attachments.server";
import "~/daily-gate/annual-report-attachments.server";
import "~/exit-gate/exit-attachments.server";
