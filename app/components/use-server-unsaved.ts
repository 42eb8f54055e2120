import { useEffect, useState } from "react";
import type { Awareness } from "y-protocols/awareness";
import { serverSaysUnsaved } from "~/domain/close-codes";

/** True while the server says changes are waiting to be stored: the save line then says "Not saved yet". */
export function useServerUnsaved(awareness: Awareness): boolean {
  const [unsaved, setUnsaved] = useState(() => serverSaysUnsaved(awareness.getStates()));
  useEffect(() => {
    const update = () => setUnsaved(serverSaysUnsaved(awareness.getStates()));
    awareness.on("change", update);
    update();
    return () => awareness.off("change", update);
  }, [awareness]);
  return unsaved;
}
