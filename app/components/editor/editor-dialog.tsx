/**
 * A modal dialog of the editor (link, picture, keyboard shortcuts, and the phone's sheet of sections, checks and
 * comments), on the browser's own `<dialog>`: it sits on top wherever the person has scrolled to, keeps the focus
 * inside, and Escape closes it. React decides whether it is open; `onClose` is called for Escape and "Close".
 * Where the focus goes afterwards is the caller's choice (`returnFocus`), because it depends on why it closed.
 */
import { useEffect, useRef, type ReactNode } from "react";

interface EditorDialogProps {
  open: boolean;
  onClose: () => void;
  /** The id of the element that names the dialog (usually its heading). */
  labelledBy: string;
  className?: string;
  /** Called after the dialog has closed, to put the focus back where it makes sense. */
  returnFocus?: () => void;
  /** Where the focus goes when it opens (else the browser's choice: the first thing that takes focus). */
  initialFocus?: () => HTMLElement | null | undefined;
  children: ReactNode;
}

export function EditorDialog({
  open,
  onClose,
  labelledBy,
  className,
  returnFocus,
  initialFocus,
  children,
}: EditorDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const latest = useRef({ onClose, returnFocus, initialFocus, open });
  latest.current = { onClose, returnFocus, initialFocus, open };
  /** Whether it has been shown since it last closed, so the focus is given back once, and only then. */
  const shown = useRef(false);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      shown.current = true;
      latest.current.initialFocus?.()?.focus();
    }
    if (!open) {
      if (dialog.open) dialog.close();
      if (shown.current) {
        shown.current = false;
        latest.current.returnFocus?.();
      }
    }
  }, [open]);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    // Escape: let React close it, so its state and the page agree.
    const onCancel = (event: Event) => {
      event.preventDefault();
      latest.current.onClose();
    };
    // The browser may still close it itself (a second Escape without a click in between cannot be refused).
    const onNativeClose = () => {
      if (latest.current.open) latest.current.onClose();
    };
    dialog.addEventListener("cancel", onCancel);
    dialog.addEventListener("close", onNativeClose);
    return () => {
      dialog.removeEventListener("cancel", onCancel);
      dialog.removeEventListener("close", onNativeClose);
    };
  }, []);

  useEffect(
    () => () => {
      // Unmounted while open (the page changed): nothing to give the focus back to.
      if (ref.current?.open) ref.current.close();
    },
    [],
  );

  return (
    <dialog ref={ref} className={`editor-dialog${className ? ` ${className}` : ""}`} aria-labelledby={labelledBy}>
      {open ? children : null}
    </dialog>
  );
}
