// Unknown addresses: answering 404 from a route (not from "no match") lets the root loader run,
// so the 404 page is in the visitor's language and shows who is signed in.
export const loader = () => {
  throw new Response("Not Found", { status: 404 });
};

export default function NotFound() {
  return null;
}
