/**
 * Reading a submitted form. A body that is not a form (JSON, broken multipart) is the
 * client's mistake: it gets a 400 with a clear message, never a 500.
 */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw new Response("The submitted form could not be read. Please reload the page and try again.", {
      status: 400,
      statusText: "Bad request",
    });
  }
}
