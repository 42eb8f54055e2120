import { createContext } from "react";
import type { ChangeRequest } from "~/domain/change-requests";

/**
 * The open change requests of the document being edited, provided by the editor page so the sections panel can
 * mark the sections they concern without the editor having to pass them along.
 */
export const ChangeRequestsContext = createContext<ChangeRequest[]>([]);
