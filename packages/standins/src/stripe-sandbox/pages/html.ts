// Shared HTML for the sandbox's hosted pages: escaping (attributes are always double-quoted) and a self-contained, phone-first layout (no
// external assets, 16 px+ inputs so iOS does not zoom, visible keyboard focus).

export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:16px;line-height:1.5;color:#1a1f36;background:#f6f8fa}
main{max-width:480px;margin:0 auto;padding:16px}
.sandbox-note{background:#fff8e1;border:1px solid #f5c542;border-radius:8px;padding:12px;margin-bottom:16px;font-size:15px}
.sandbox-note ul{margin:6px 0 0;padding-left:20px}
.card{background:#fff;border-radius:12px;box-shadow:0 1px 3px rgba(0,0,0,.12);padding:16px;margin-bottom:16px}
h1{font-size:22px;margin:0 0 12px}
h2{font-size:18px;margin:0 0 8px}
table{width:100%;border-collapse:collapse}
td{padding:6px 0;vertical-align:top}
td.amount{text-align:right;white-space:nowrap}
tr.total td{border-top:1px solid #e3e8ee;font-weight:600;padding-top:10px}
.field{margin-bottom:14px}
label{display:block;font-weight:600;margin-bottom:4px}
input{width:100%;min-height:48px;font-size:18px;padding:10px 12px;border:1px solid #a3acb9;border-radius:8px;background:#fff;color:inherit}
input[aria-invalid=true]{border-color:#c0123c}
.row{display:flex;gap:12px}
.row .field{flex:1;min-width:0}
.error{color:#c0123c;font-size:15px;margin:4px 0 0}
.form-error{background:#fdecef;border:1px solid #c0123c;border-radius:8px;padding:10px 12px;margin-bottom:14px;color:#8a0d2b}
button{width:100%;min-height:52px;font-size:18px;font-weight:600;border:0;border-radius:8px;background:#635bff;color:#fff;cursor:pointer}
a{color:#4b44d6}
.cancel{display:block;text-align:center;margin-top:14px;padding:10px}
:focus-visible{outline:3px solid #1a1f36;outline-offset:2px}
.muted{color:#4f566b;font-size:15px}
`;

export function layout(options: { title: string; lang?: string | null; body: string }): string {
  const lang = options.lang && options.lang !== 'auto' ? options.lang : 'en';
  return `<!doctype html>
<html lang="${escapeHtml(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(options.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${options.body}
</main>
</body>
</html>`;
}

export function notFoundPage(message: string): string {
  return layout({
    title: 'Not found',
    body: `<div class="card"><h1>Not found</h1><p>${escapeHtml(message)}</p></div>`,
  });
}
