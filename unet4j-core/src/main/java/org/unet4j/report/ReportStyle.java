package org.unet4j.report;

/** The report's inline style sheet: system fonts only, light theme, printable. */
final class ReportStyle {
    static final String CSS = """
            :root { --fg: #1f2328; --dim: #656d76; --line: #d0d7de; --soft: #f6f8fa; --accent: #0969da; }
            * { box-sizing: border-box; }
            body { margin: 0; background: #ffffff; color: var(--fg);
              font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
            main { max-width: 1360px; margin: 0 auto; padding: 28px 32px 48px; }
            header { border-bottom: 1px solid var(--line); padding-bottom: 14px; margin-bottom: 22px; }
            h1 { font-size: 28px; margin: 0 0 2px; font-weight: 650; letter-spacing: -0.01em; }
            h2 { font-size: 20px; margin: 34px 0 12px; padding-bottom: 6px; border-bottom: 1px solid var(--line); font-weight: 600; }
            h3 { font-size: 16px; margin: 18px 0 8px; font-weight: 600; }
            .sub, .dim, .caption, .empty, figcaption, footer { color: var(--dim); }
            .sub { margin: 0 0 8px; }
            .dim { font-weight: 400; font-size: 13px; margin-left: 6px; }
            nav a { color: var(--accent); text-decoration: none; margin-right: 16px; font-size: 14px; }
            nav a:hover { text-decoration: underline; }
            .cards { display: flex; flex-wrap: wrap; gap: 12px; }
            .card { border: 1px solid var(--line); border-radius: 8px; padding: 12px 18px; min-width: 150px; background: var(--soft); }
            .card .value { font-size: 24px; font-weight: 650; font-variant-numeric: tabular-nums; }
            .card .label { color: var(--dim); font-size: 13px; }
            table { border-collapse: collapse; font-size: 14px; }
            th, td { padding: 6px 14px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
            thead th { background: var(--soft); font-weight: 600; border-bottom: 2px solid var(--line); }
            td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
            table.metrics tbody tr:nth-child(even) td { background: #fbfcfd; }
            tr.summary td { font-weight: 650; border-top: 2px solid var(--line); background: var(--soft); }
            table.kv th { font-weight: 500; color: var(--dim); white-space: nowrap; }
            table.kv td { font-family: ui-monospace, "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 13px;
              word-break: break-all; }
            img.curves { display: block; width: 100%; max-width: 1100px; height: auto; border: 1px solid var(--line); border-radius: 6px; }
            .legend { display: flex; flex-wrap: wrap; gap: 8px 22px; font-size: 13px; color: var(--dim); margin: 4px 0 8px; }
            .legend span { display: inline-flex; align-items: center; gap: 6px; }
            .sw { display: inline-block; width: 14px; height: 14px; border: 1px solid #8c959f; border-radius: 3px; }
            img.bar { width: 90px; height: 10px; border: 1px solid #8c959f; border-radius: 2px; }
            .example { border: 1px solid var(--line); border-radius: 8px; padding: 4px 16px 14px; margin: 14px 0; }
            .grid { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 14px; }
            figure { margin: 0; }
            figure img { display: block; width: 100%; height: auto; border-radius: 4px; background: #000; }
            figcaption { font-size: 13px; margin-top: 4px; }
            footer { margin-top: 40px; font-size: 12px; border-top: 1px solid var(--line); padding-top: 10px; }
            @media (max-width: 900px) { .grid { grid-template-columns: repeat(2, minmax(0, 1fr)); } main { padding: 16px; } }
            @media print { .example { break-inside: avoid; } nav { display: none; } }
            """;

    private ReportStyle() {
    }
}
