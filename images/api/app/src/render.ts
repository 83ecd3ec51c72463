// Renders HTML in the system Chromium (puppeteer-core never downloads a browser).
// One browser is started on first use and shared; each request gets its own page.
import puppeteer, { type Browser } from "puppeteer-core";

export interface RenderResult {
  title: string;
  pngBytes: number;
}

const launchArgs = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--headless"];

export class Renderer {
  private browser: Promise<Browser> | undefined;

  constructor(private readonly executablePath: string) {}

  private start(): Promise<Browser> {
    this.browser ??= puppeteer.launch({ executablePath: this.executablePath, headless: true, args: launchArgs });
    // A failed launch must not poison every later request.
    this.browser.catch(() => (this.browser = undefined));
    return this.browser;
  }

  async render(html: string): Promise<RenderResult> {
    const browser = await this.start();
    const page = await browser.newPage();
    try {
      await page.setContent(html, { waitUntil: "load", timeout: 20_000 });
      const png = await page.screenshot({ type: "png" });
      return { title: await page.title(), pngBytes: png.byteLength };
    } finally {
      await page.close();
    }
  }

  async close(): Promise<void> {
    const pending = this.browser;
    this.browser = undefined;
    if (pending) await (await pending).close().catch(() => undefined);
  }
}
