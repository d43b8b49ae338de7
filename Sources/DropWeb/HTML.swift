import DropAgent
import HTTPTypes
import Hummingbird
import NIOCore
import Wording

/// Escapes text for HTML element content and attribute values, frames pages, and answers with them.
enum HTML {
    /// An HTML answer, never cached (the status changes with every run).
    static func response(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        var fields = HTTPFields()
        fields[.contentType] = "text/html; charset=utf-8"
        fields[.cacheControl] = "no-store"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// The page frame: inline CSS, no external assets, readable on a phone.
    /// - Parameter wide: a page of wide tables (the month view) uses the window's width.
    static func page(title: String, body: String, language: Language = .en, wide: Bool = false) -> String {
        """
        <!doctype html>
        <html lang="\(language.rawValue)"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>
        body{font:16px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d2330;background:#f5f6f8}
        main{max-width:60rem;margin:0 auto;padding:1rem}
        h1{font-size:1.4rem;margin:.2rem 0 1rem} h2{font-size:1.1rem;margin:1.6rem 0 .5rem}
        .link{padding:1rem;border-radius:.5rem;margin-bottom:1rem}
        .up{background:#e3f6e8;border:1px solid #7cc48d} .down{background:#fde8e8;border:1px solid #e08a8a}
        .repair code{display:inline-block;background:#fff;padding:.2rem .4rem;border-radius:.25rem;margin-top:.3rem}
        table{border-collapse:collapse;width:100%;background:#fff;font-size:.92rem}
        th,td{padding:.35rem .5rem;border-bottom:1px solid #e2e5ea;text-align:left;vertical-align:top}
        td.n,th.n{text-align:right}
        .wrap{overflow-x:auto}
        form{display:flex;gap:.5rem;flex-wrap:wrap} input{flex:1;min-width:10rem;padding:.45rem;font-size:1rem}
        button{padding:.45rem .9rem;font-size:1rem}
        .muted{color:#6a7280;font-size:.9rem} ul{padding-left:1.2rem}
        @media (max-width:40rem){
          table.cards,table.cards tbody,table.cards tr,table.cards td{display:block;width:auto}
          table.cards tr:first-child{display:none}
          table.cards tr{margin-bottom:.6rem;border:1px solid #e2e5ea;border-radius:.4rem;background:#fff}
          table.cards td{display:flex;justify-content:space-between;border:0;padding:.2rem .6rem}
          table.cards td.name{display:block;font-weight:600;border-bottom:1px solid #e2e5ea;padding:.4rem .6rem}
          table.cards td[data-label]::before{content:attr(data-label);color:#6a7280}
        }
        main.wide{max-width:90rem} .totals{width:auto;min-width:24rem} .month td.n{white-space:nowrap}
        .month + .month{margin-top:2.5rem}
        @media print{
          body{background:#fff;font-size:10pt} main{max-width:none;padding:0} form,.noprint{display:none}
          table{font-size:8.5pt} h2{break-after:avoid} tr{break-inside:avoid} a{color:inherit;text-decoration:none}
          .month + .month{break-before:page;margin-top:0}
        }
        </style></head><body><main\(wide ? " class=\"wide\"" : "")>
        \(body)
        </main></body></html>
        """
    }
}
