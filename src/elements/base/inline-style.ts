/**
 * Inline styles that a strict Content-Security-Policy allows: `<div ${inlineStyle({ height: '40%' })}>` sets each
 * property through the CSSOM (`style.setProperty`) on every render, never through the `style` attribute. (Lit's own
 * `styleMap` writes the attribute as text on the first render, which `style-src` without 'unsafe-inline' blocks.)
 * Property names are CSS names: `background`, `--tiles`.
 */
import { noChange } from 'lit';
import { Directive, directive, PartType, type ElementPart, type PartInfo } from 'lit/directive.js';

export type InlineStyles = Readonly<Record<string, string | undefined>>;

class InlineStyleDirective extends Directive {
  private readonly set = new Set<string>();

  constructor(info: PartInfo) {
    super(info);
    if (info.type !== PartType.ELEMENT) throw new Error('inlineStyle() binds to an element: <div ${inlineStyle({…})}>');
  }

  render(_styles: InlineStyles): typeof noChange {
    return noChange;
  }

  override update(part: ElementPart, [styles]: [InlineStyles]): typeof noChange {
    const { style } = part.element as HTMLElement;
    for (const name of this.set) {
      if (styles[name] == null) {
        style.removeProperty(name);
        this.set.delete(name);
      }
    }
    for (const [name, value] of Object.entries(styles)) {
      if (value == null) continue;
      style.setProperty(name, value);
      this.set.add(name);
    }
    return noChange;
  }
}

export const inlineStyle = directive(InlineStyleDirective);
