import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';

/** A squiggle as a person sees it: its line (1-based, from the line-number gutter) and kind. */
export interface Squiggle {
  line: number;
  severity: 'error' | 'warning' | 'info' | 'hint';
  lineText: string;
}

/** A row of a list or tree as shown: its visible text and its accessible label. */
export interface Row {
  text: string;
  label: string;
  level: number;
  expanded: boolean | undefined;
}

const STATUS_ITEM = '[id="redline-dev.redline.redline.status"]';

/** An error that ends an `until` wait at once (e.g. VS Code shows an error dialog). */
export class Fatal extends Error {}

/** Polls `fn` until it returns a truthy value (returned) or `ms` pass (throws, naming `what`). */
export async function until<T>(what: string, fn: () => Promise<T | undefined | null | false>, ms = 20_000, every = 150): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      if (e instanceof Fatal) throw e;
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

/**
 * Drives the VS Code workbench the way a person does (keyboard, Quick Open, command palette,
 * clicks) and reads what the page shows: squiggle decorations in the editor, Problems rows,
 * tree items of our views, gutter decorations, the status bar. Waits on the page, never on
 * fixed sleeps.
 */
export class Workbench {
  private scenario = 'scenario';
  private step = 0;
  readonly shots: string[] = [];

  constructor(
    readonly page: Page,
    readonly shotsDir: string,
  ) {
    mkdirSync(shotsDir, { recursive: true });
  }

  /** Names screenshots `<scenario>-<nn>-<step>.png` from here on. */
  beginScenario(name: string): void {
    this.scenario = name;
    this.step = 0;
  }

  async shot(step: string): Promise<string> {
    this.step++;
    const file = join(this.shotsDir, `${this.scenario}-${String(this.step).padStart(2, '0')}-${step}.png`);
    await this.page.screenshot({ path: file });
    this.shots.push(file);
    return file;
  }

  /** Opens the URL and waits for the workbench and for Redline's status bar item (extension active). */
  async load(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
    await this.page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 90_000 });
    await this.page.waitForSelector(STATUS_ITEM, { timeout: 90_000 });
  }

  /** The Redline status bar item's text (e.g. "Redline 3 1"). */
  async statusText(): Promise<string> {
    return (await this.page.locator(STATUS_ITEM).innerText()).replace(/\s+/g, ' ').trim();
  }

  /** The codicons the Redline status bar item shows (e.g. ["shield", "error", "warning"]). */
  async statusIcons(): Promise<string[]> {
    return this.page.locator(`${STATUS_ITEM} .codicon`).evaluateAll((els) => els.map((e) => /(?:^|\s)codicon-(?!modifier-)([\w-]+)/.exec(e.className)?.[1] ?? ''));
  }

  /** The Redline status bar item's classes: VS Code marks a warning / error background as `warning-kind` / `error-kind`. */
  async statusClasses(): Promise<string> {
    return (await this.page.locator(STATUS_ITEM).getAttribute('class')) ?? '';
  }

  /** The Redline status bar item's tooltip, as its hover shows it (hovered with the mouse, then left). */
  async statusTooltip(): Promise<string> {
    const hover = this.page.locator('.workbench-hover, .monaco-hover').filter({ hasText: /Redline/ }).first();
    await this.page.locator(STATUS_ITEM).hover();
    await hover.waitFor({ state: 'visible', timeout: 10_000 });
    const text = (await hover.innerText()).replace(/\s+/g, ' ').trim();
    // Move away so the hover closes and does not cover what the next step looks at.
    await this.page.mouse.move(700, 300);
    await hover.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
    return text;
  }

  /** Clicks the Redline status bar item, as a person does to see what it is about. */
  async clickStatus(): Promise<void> {
    await this.page.locator(STATUS_ITEM).click();
  }

  /** The texts of the notification toasts on screen (bottom right). */
  async toasts(): Promise<string[]> {
    return (await this.page.locator('.notifications-toasts .notification-toast').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  }

  // --- quick input (Quick Open, command palette, quick picks) -------------------------------

  private get quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  private async quickInputRows(): Promise<Row[]> {
    return this.readRows(this.quickInput.locator('.quick-input-list .monaco-list-row'));
  }

  private async waitQuickInputClosed(): Promise<void> {
    await this.quickInput.waitFor({ state: 'hidden', timeout: 10_000 });
  }

  /** Picks the row of the open quick input whose text matches, by typing a filter and Enter. */
  async pick(filter: string, match: RegExp = new RegExp(escape(filter), 'i')): Promise<void> {
    const input = this.quickInput.locator('input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(filter);
    await until(`a quick-pick row matching ${match}`, async () => {
      const rows = await this.quickInputRows();
      const first = rows[0];
      return first && match.test(first.text) ? first : undefined;
    });
    await this.page.keyboard.press('Enter');
  }

  /** Runs a command from the command palette (F1) by its title. */
  async command(title: string): Promise<void> {
    await this.failOnErrorDialog();
    await this.page.keyboard.press('F1');
    const input = this.quickInput.locator('input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(`>${title}`);
    const want = new RegExp(`^${escape(title)}`, 'i');
    await until(`command "${title}" in the palette`, async () => {
      const rows = await this.quickInputRows();
      return rows[0] && want.test(rows[0].text.trim()) ? rows[0] : undefined;
    });
    await this.page.keyboard.press('Enter');
    // An Enter that lands while the list is still being re-rendered is dropped: press it again.
    await until(`the palette to run "${title}"`, async () => {
      if (!(await this.quickInput.isVisible())) return true;
      if ((await input.inputValue()) === `>${title}`) await this.page.keyboard.press('Enter');
      else return true; // the command opened its own quick input
      return false;
    }, 10_000, 500);
  }

  /** Opens a workspace file with Quick Open (Ctrl+P) and waits until its tab is active. */
  async openFile(relPath: string): Promise<void> {
    const base = relPath.split('/').pop()!;
    const dir = relPath.split('/').slice(0, -1).join('/');
    await this.page.keyboard.press('Control+P');
    const input = this.quickInput.locator('input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(relPath);
    // The file index fills in the background: wait for the row of that file, then open it.
    await until(`Quick Open to list ${relPath}`, async () => {
      const rows = await this.quickInputRows();
      return rows[0] && rows[0].text.startsWith(base) && rows[0].text.includes(dir) ? rows[0] : undefined;
    });
    await this.page.keyboard.press('Enter');
    await this.waitQuickInputClosed();
    await until(`the editor tab of ${relPath}`, async () => (await this.activeTabTitle()) === base);
    await this.page.locator('.editor-group-container.active .monaco-editor .view-lines').waitFor({ timeout: 10_000 });
    await this.focusEditor();
  }

  async activeTabTitle(): Promise<string | undefined> {
    const tab = this.page.locator('.editor-group-container.active .tab.active .label-name');
    return (await tab.count()) ? (await tab.first().innerText()).trim() : undefined;
  }

  async activeTabDirty(): Promise<boolean> {
    return (await this.page.locator('.editor-group-container.active .tab.active.dirty').count()) > 0;
  }

  /** The active editor's Monaco root. */
  get editor(): Locator {
    return this.page.locator('.editor-group-container.active .monaco-editor').first();
  }

  async focusEditor(): Promise<void> {
    await this.editor.locator('.view-lines').click({ position: { x: 5, y: 5 } });
  }

  /** Gives the keyboard back to the active editor, cursor unchanged (Ctrl+1). */
  async refocusEditor(): Promise<void> {
    if (await this.editor.count()) {
      await this.page.keyboard.press('Control+1');
      await until('the editor focused', () => this.editor.evaluate((e) => e.classList.contains('focused')), 5_000);
    }
  }

  // --- editor: text, cursor, squiggles, gutter ---------------------------------------------

  /** Moves the cursor with Go to Line (Ctrl+G): `line:column`, 1-based. */
  async goto(line: number, column = 1): Promise<void> {
    await this.page.keyboard.press('Control+G');
    const input = this.quickInput.locator('input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.waitQuickInputClosed();
    await until(`the cursor at ${line}:${column}`, async () => {
      const s = await this.cursorStatus();
      return s === `Ln ${line}, Col ${column}`;
    });
  }

  /** "Ln 3, Col 7" from the status bar. */
  async cursorStatus(): Promise<string> {
    const item = this.page.locator('[id="status.editor.selection"]');
    return (await item.count()) ? (await item.innerText()).trim() : '';
  }

  /** The text of rendered line `line` (1-based), as shown. */
  async lineText(line: number): Promise<string | undefined> {
    const lines = await this.visibleLines();
    return lines.find((l) => l.line === line)?.text;
  }

  /** Rendered lines with their numbers, matched by their on-screen position. */
  async visibleLines(): Promise<{ line: number; text: string }[]> {
    return this.editor.evaluate((root) => {
      const numbers = [...root.querySelectorAll('.margin-view-overlays .line-numbers')].map((n) => ({ top: Math.round(n.getBoundingClientRect().top), line: Number(n.textContent) }));
      return [...root.querySelectorAll('.view-lines .view-line')]
        .map((v) => {
          const top = Math.round(v.getBoundingClientRect().top);
          const n = numbers.find((x) => Math.abs(x.top - top) <= 2);
          return { line: n ? n.line : -1, text: (v.textContent ?? '').replace(/\u00a0/g, ' ') };
        })
        .filter((l) => l.line > 0)
        .sort((a, b) => a.line - b.line);
    });
  }

  /**
   * Squiggle decorations in the active editor, each with the line it sits on. Hints (dotted
   * underlines, which other extensions draw too) only when asked for.
   */
  async squiggles(withHints = false): Promise<Squiggle[]> {
    const all = await this.editor.evaluate((root) => {
      const numbers = [...root.querySelectorAll('.margin-view-overlays .line-numbers')].map((n) => ({ top: Math.round(n.getBoundingClientRect().top), line: Number(n.textContent) }));
      const texts = [...root.querySelectorAll('.view-lines .view-line')].map((v) => ({ top: Math.round(v.getBoundingClientRect().top), text: (v.textContent ?? '').replace(/\u00a0/g, ' ') }));
      const out: { line: number; severity: 'error' | 'warning' | 'info' | 'hint'; lineText: string }[] = [];
      for (const el of root.querySelectorAll('.view-overlays .squiggly-error, .view-overlays .squiggly-warning, .view-overlays .squiggly-info, .view-overlays .squiggly-hint')) {
        const top = Math.round((el.parentElement ?? el).getBoundingClientRect().top);
        const n = numbers.find((x) => Math.abs(x.top - top) <= 2);
        const severity = (/squiggly-(error|warning|info|hint)/.exec(el.className)?.[1] ?? 'hint') as 'error' | 'warning' | 'info' | 'hint';
        out.push({ line: n ? n.line : -1, severity, lineText: texts.find((t) => Math.abs(t.top - top) <= 2)?.text ?? '' });
      }
      return out.sort((a, b) => a.line - b.line);
    });
    return withHints ? all : all.filter((s) => s.severity !== 'hint');
  }

  async waitForSquiggles(what: string, check: (s: Squiggle[]) => boolean, ms = 30_000): Promise<Squiggle[]> {
    return until(`squiggles: ${what}`, async () => {
      const s = await this.squiggles();
      return check(s) ? s : undefined;
    }, ms);
  }

  /**
   * Gutter (glyph margin) decorations with a background image on each line, as drawn: the
   * element's classes and the image URL its CSS rule sets.
   */
  async gutterIcons(): Promise<{ line: number; image: string }[]> {
    return this.editor.evaluate((root) => {
      const numbers = [...root.querySelectorAll('.margin-view-overlays .line-numbers')].map((n) => ({ top: Math.round(n.getBoundingClientRect().top), bottom: Math.round(n.getBoundingClientRect().bottom), line: Number(n.textContent) }));
      const out: { line: number; image: string }[] = [];
      for (const el of root.querySelectorAll('.glyph-margin-widgets .cgmr, .margin-view-overlays .cgmr')) {
        const image = getComputedStyle(el).backgroundImage;
        if (!image || image === 'none') continue;
        const r = el.getBoundingClientRect();
        for (const n of numbers) if (n.top >= Math.round(r.top) - 2 && n.bottom <= Math.round(r.bottom) + 2) out.push({ line: n.line, image });
      }
      return out.sort((a, b) => a.line - b.line);
    });
  }

  /** Selects whole lines `from`..`to` (1-based, inclusive) with Go to Line and Shift+Down. */
  async selectLines(from: number, to: number): Promise<void> {
    await this.goto(from, 1);
    for (let i = from; i <= to; i++) await this.page.keyboard.press('Shift+ArrowDown');
    await until(`lines ${from}-${to} selected`, async () => /selected/.test(await this.cursorStatus()));
  }

  async type(text: string): Promise<void> {
    await this.page.keyboard.type(text, { delay: 10 });
  }

  /** Ctrl+S, then waits until the tab is no longer dirty. */
  async save(): Promise<void> {
    await this.page.keyboard.press('Control+S');
    await until('the tab to be saved (not dirty)', async () => !(await this.activeTabDirty()), 10_000);
  }

  // --- code actions ------------------------------------------------------------------------

  private get actionWidget(): Locator {
    return this.page.locator('.action-widget');
  }

  /**
   * Opens the quick-fix menu with Ctrl+. on the cursor and returns the offered titles. Right
   * after the cursor moves, VS Code may not have the diagnostics' code actions yet and says
   * "No code actions available": wait for the light bulb first, and retry if that still happens.
   */
  async openQuickFixes(expect?: RegExp): Promise<string[]> {
    return until(
      'the quick-fix menu' + (expect ? ` to offer ${expect}` : ''),
      async () => {
        await this.page
          .locator('.editor-group-container.active .lightBulbWidget, .editor-group-container.active .codicon-light-bulb, .editor-group-container.active .codicon-lightbulb-autofix')
          .first()
          .waitFor({ state: 'visible', timeout: 3_000 })
          .catch(() => undefined);
        await this.page.keyboard.press('Control+.');
        const shown = await Promise.race([
          this.actionWidget.locator('.monaco-list-row').first().waitFor({ state: 'visible', timeout: 4_000 }).then(() => 'menu' as const),
          this.page.getByText('No code actions available').first().waitFor({ state: 'visible', timeout: 4_000 }).then(() => 'none' as const),
        ]).catch(() => 'nothing' as const);
        if (shown !== 'menu') {
          await this.page.keyboard.press('Escape');
          return undefined;
        }
        const titles = (await this.actionWidget.locator('.monaco-list-row.action').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
        if (expect && !titles.some((t) => expect.test(t))) {
          await this.page.keyboard.press('Escape');
          return undefined;
        }
        return titles;
      },
      30_000,
      300,
    );
  }

  /**
   * Chooses the action whose title matches in the open quick-fix menu with the keyboard (arrow
   * keys, Enter), as a person does; the menu's pointer shield makes mouse clicks unreliable.
   */
  async chooseAction(title: RegExp): Promise<void> {
    const rows = this.actionWidget.locator('.monaco-list-row.action');
    const labels = (await rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? (e as HTMLElement).innerText))).map((t) => t.trim());
    if (!labels.some((l) => title.test(l))) throw new Error(`no action matching ${title} in: ${labels.join(' | ')}`);
    for (let i = 0; i <= labels.length; i++) {
      const focused = ((await this.actionWidget.locator('.monaco-list-row.action.focused').getAttribute('aria-label').catch(() => '')) ?? '').trim();
      if (title.test(focused)) break;
      await this.page.keyboard.press('ArrowDown');
    }
    await this.page.keyboard.press('Enter');
    await this.actionWidget.waitFor({ state: 'hidden', timeout: 10_000 });
  }

  // --- panels and views --------------------------------------------------------------------

  /**
   * Opens the Problems panel (Ctrl+Shift+M), filters it to the files matching `glob` (typed into
   * its filter box, as a person narrows a long list) and returns the rows grouped by file
   * ("api/server.js" → its problem rows). The list is virtualized: filtering keeps every row of
   * interest on screen.
   */
  async problems(glob = ''): Promise<Map<string, Row[]>> {
    const panel = this.page.locator('.markers-panel');
    if (!(await panel.isVisible().catch(() => false))) {
      await this.page.keyboard.press('Control+Shift+M');
      await panel.waitFor({ state: 'visible', timeout: 10_000 });
    }
    const filter = this.page.locator('.markers-panel-action-filter input, .viewpane-filter input').first();
    const badge = this.page.locator('.viewpane-filter-badge').filter({ hasText: /Showing \d+ of \d+/ });
    if ((await filter.inputValue()) !== glob) {
      // The filter applies after a delay. Go through the empty filter so that each step has a
      // sign it took effect: the "Showing N of M" badge goes away, then comes back.
      await filter.fill('');
      await until('the Problems filter cleared', async () => (await badge.count()) === 0, 5_000, 50);
      if (glob) {
        await filter.fill(glob);
        await until(`the Problems filter "${glob}" applied`, async () => (await badge.count()) > 0, 5_000, 50);
      }
    }
    const rows = await this.readRows(panel.locator('.monaco-list-row'));
    await this.refocusEditor();
    const byFile = new Map<string, Row[]>();
    let current: Row[] | undefined;
    for (const r of rows) {
      const file = /problems? in file (.+) of folder (.+)$/.exec(r.label);
      if (file) {
        current = [];
        byFile.set(`${file[2]}/${file[1]}`, current);
      } else current?.push(r);
    }
    return byFile;
  }

  /** The channel the Output panel shows (its picker's choice), or undefined when it is not on screen. */
  async outputChannel(): Promise<string | undefined> {
    const picker = this.page.locator('.panel select.monaco-select-box:visible').first();
    if (!(await picker.count())) return undefined;
    return picker.evaluate((e) => (e as HTMLSelectElement).selectedOptions[0]?.text.trim());
  }

  /** The total the Problems tab shows ("Total 8 Problems"; no total when there are none). */
  async problemsTotal(): Promise<number> {
    const label = (await this.page.locator('.panel a.action-label[aria-label^="Problems"]').first().getAttribute('aria-label')) ?? '';
    return Number(/Total (\d+) Problem/.exec(label)?.[1] ?? 0);
  }

  async waitForProblems(what: string, glob: string, check: (byFile: Map<string, Row[]>) => boolean, ms = 20_000): Promise<Map<string, Row[]>> {
    return until(`Problems: ${what}`, async () => {
      const rows = await this.problems(glob);
      return check(rows) ? rows : undefined;
    }, ms);
  }

  /** Shows the Redline view container (activity bar) and returns the pane of view `name`. */
  async showView(name: 'AI Regions' | 'Findings'): Promise<Locator> {
    const header = (n: string) => this.page.locator(`.pane-header[aria-label^="${n}"]`);
    if (!(await header(name).isVisible().catch(() => false))) await this.command('View: Show Redline');
    const pane = this.page.locator('.pane').filter({ has: this.page.locator(`.pane-header[aria-label^="${name}"]`) }).first();
    await pane.waitFor({ state: 'visible', timeout: 10_000 });
    if ((await header(name).getAttribute('aria-expanded')) === 'false') await header(name).click();
    return pane;
  }

  async viewRows(name: 'AI Regions' | 'Findings'): Promise<Row[]> {
    const pane = await this.showView(name);
    return this.readRows(pane.locator('.pane-body .monaco-list-row'));
  }

  async waitForViewRows(name: 'AI Regions' | 'Findings', what: string, check: (rows: Row[]) => boolean, ms = 20_000): Promise<Row[]> {
    const pane = await this.showView(name);
    return until(`${name} view: ${what}`, async () => {
      await this.failOnErrorDialog();
      const rows = await this.readRows(pane.locator('.pane-body .monaco-list-row'));
      return check(rows) ? rows : undefined;
    }, ms);
  }

  /** The row of view `name` whose text matches. */
  async viewRow(name: 'AI Regions' | 'Findings', text: RegExp): Promise<Locator> {
    const pane = await this.showView(name);
    return pane.locator('.pane-body .monaco-list-row').filter({ hasText: text }).first();
  }

  async readRows(rows: Locator): Promise<Row[]> {
    return rows.evaluateAll((els) =>
      els
        .map((el) => ({
          top: parseFloat((el as HTMLElement).style.top || '0'),
          text: ((el as HTMLElement).innerText ?? '').replace(/\s+/g, ' ').trim(),
          label: el.getAttribute('aria-label') ?? '',
          level: Number(el.getAttribute('aria-level') ?? '0'),
          expanded: el.hasAttribute('aria-expanded') ? el.getAttribute('aria-expanded') === 'true' : undefined,
        }))
        .sort((a, b) => a.top - b.top)
        .map(({ text, label, level, expanded }) => ({ text, label, level, expanded })),
    );
  }

  /**
   * A clean slate between scenarios: closes menus and quick inputs, and every editor, dropping
   * unsaved changes ("Don't Save" in the dialog VS Code asks).
   */
  async closeAllEditors(): Promise<void> {
    await this.dismissDialog();
    for (let i = 0; i < 3; i++) await this.page.keyboard.press('Escape');
    await this.command('View: Close All Editors');
    await until('no open editors', async () => {
      await this.dismissDialog("Don't Save");
      return (await this.page.locator('.editor-group-container .tab').count()) === 0;
    }, 15_000);
  }

  /** The text of a modal dialog on screen (e.g. "Command … resulted in an error"), if any. */
  async dialogText(): Promise<string | undefined> {
    const dialog = this.page.locator('.monaco-dialog-box');
    if (!(await dialog.isVisible().catch(() => false))) return undefined;
    return (await dialog.innerText()).replace(/\s+/g, ' ').trim();
  }

  /** Closes a modal dialog with the button named `prefer` if it has one, else its first button. */
  async dismissDialog(prefer?: string): Promise<void> {
    const dialog = this.page.locator('.monaco-dialog-box');
    if (!(await dialog.isVisible().catch(() => false))) return;
    const buttons = dialog.locator('.dialog-buttons a, .dialog-buttons button, .monaco-button');
    const preferred = prefer ? buttons.filter({ hasText: prefer }) : undefined;
    await (preferred && (await preferred.count()) ? preferred.first() : buttons.first()).click();
    await dialog.waitFor({ state: 'hidden', timeout: 5_000 });
  }

  /** Throws with the dialog's text when VS Code shows an error dialog (a failed command). */
  async failOnErrorDialog(): Promise<void> {
    const text = await this.dialogText();
    if (text && /error|failed/i.test(text)) throw new Fatal(`VS Code shows an error dialog: ${text}`);
  }
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
