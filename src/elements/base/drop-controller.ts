/**
 * Files dropped onto an element: a reactive controller that listens while the element is on the page, marks it
 * with the `drop-target` class while something is dragged over it (for the element's own outline), and hands the
 * dropped files to the element.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class DropController implements ReactiveController {
  constructor(private readonly host: ReactiveControllerHost & HTMLElement, private readonly onFiles: (files: FileList) => void) {
    host.addController(this);
  }

  hostConnected(): void {
    this.host.addEventListener('dragover', this.over);
    this.host.addEventListener('dragleave', this.leave);
    this.host.addEventListener('drop', this.drop);
  }

  hostDisconnected(): void {
    this.host.removeEventListener('dragover', this.over);
    this.host.removeEventListener('dragleave', this.leave);
    this.host.removeEventListener('drop', this.drop);
    this.leave();
  }

  private readonly over = (e: DragEvent) => {
    e.preventDefault();
    this.host.classList.add('drop-target');
  };

  private readonly leave = () => this.host.classList.remove('drop-target');

  private readonly drop = (e: DragEvent) => {
    e.preventDefault();
    this.leave();
    if (e.dataTransfer?.files.length) this.onFiles(e.dataTransfer.files);
  };
}
