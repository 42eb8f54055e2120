// Loaders' data reaches the page by single fetch (remix.config.js turns on Remix's v3_singleFetch): the types of
// `useLoaderData` and `useActionData` follow what it sends.
import "@remix-run/node";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}
