/** A service call's outcome as the route would answer it: 200, or the status of the Response it throws. */
export async function status(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (error) {
    if (error instanceof Response) return error.status;
    throw error;
  }
}
