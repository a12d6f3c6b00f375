package dev.drivelink.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drivelink.emulator.Model.DriveFile;

import java.util.List;

import static dev.drivelink.emulator.ConsentPage.esc;

/**
 * The HTML of the picker stand-in: the list of files to tick (native checkboxes with labels in a fieldset, two
 * buttons: all of it works with a keyboard and a screen reader) and the page that hands the answer to the opener.
 */
final class PickerPage {
    private PickerPage() {
    }

    private static final String STYLE = """
            <style>
              .card.picker { max-width: 560px; }
              ul.files { list-style: none; margin: 0; padding: 0; max-height: 55vh; overflow: auto; }
              ul.files li { margin-bottom: 6px; }
              ul.files label { display: flex; align-items: center; gap: 12px; padding: 10px 12px; border: 1px solid #dadce0;
                               border-radius: 12px; cursor: pointer; }
              ul.files label:hover { background: #f8fafd; }
              ul.files input { accent-color: #0b57d0; width: 18px; height: 18px; }
              .kind { color: #444746; font-size: 12px; margin-left: auto; }
              #select { background: #0b57d0; color: #fff; }
              #cancel { background: transparent; color: #0b57d0; border: 1px solid #747775; }
            </style>
            """;

    private static String head(String title) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + esc(title) + "</title>" + ConsentPage.STYLE + STYLE + "</head><body>\n"
                + "<main class=\"card picker\">\n"
                + "<div class=\"logo\" aria-hidden=\"true\"><span>G</span><span>o</span><span>o</span><span>g</span>"
                + "<span>l</span><span>e</span><span class=\"badge\">emulator</span></div>\n";
    }

    static String render(PickerEndpoints.Session session, Account account, List<DriveFile> files, String warning) {
        StringBuilder sb = new StringBuilder(head("Select files - Google Picker (emulator)"))
                .append("<h1 id=\"picker-title\">Select files</h1>\n")
                .append("<p class=\"sub\">from the Drive of <strong>").append(esc(account.displayName())).append("</strong> (")
                .append(esc(account.email())).append(") for <span class=\"app\" id=\"client-id\">")
                .append(esc(session.clientId())).append("</span>. The app gets access to the files you select, and only to them.</p>\n");
        if (warning != null) {
            sb.append("<p class=\"warn\" role=\"alert\" id=\"warning\">").append(esc(warning)).append("</p>\n");
        }
        sb.append("<form method=\"post\" action=\"/picker/select\" aria-labelledby=\"picker-title\">\n")
                .append("<input type=\"hidden\" name=\"session\" value=\"").append(esc(session.id())).append("\">\n")
                .append("<fieldset><legend>Files in My Drive</legend>\n");
        if (files.isEmpty()) {
            sb.append("<p id=\"empty\">There is nothing to select here.</p>\n");
        } else {
            sb.append("<ul class=\"files\">\n");
            int i = 0;
            for (DriveFile f : files) {
                String id = "file-" + i++;
                sb.append("<li><label for=\"").append(id).append("\" data-file-id=\"").append(esc(f.id)).append("\">")
                        .append("<input type=\"checkbox\" name=\"fileId\" value=\"").append(esc(f.id)).append("\" id=\"")
                        .append(id).append("\"><span class=\"name\">").append(esc(f.name)).append("</span>")
                        .append("<span class=\"kind\">").append(esc(f.isFolder() ? "Folder" : f.mimeType)).append("</span>")
                        .append("</label></li>\n");
            }
            sb.append("</ul>\n");
        }
        return sb.append("</fieldset>\n<div class=\"buttons\">")
                .append("<button type=\"submit\" id=\"cancel\" name=\"decision\" value=\"cancel\">Cancel</button>")
                .append("<button type=\"submit\" id=\"select\" name=\"decision\" value=\"select\">Select</button>")
                .append("</div>\n</form>\n</main>\n</body></html>\n").toString();
    }

    /**
     * Hands {@code response} to the opener with postMessage, for {@code origin} only, then closes the window; without
     * an opener the page just says what happened. The JSON sits in a data block, escaped so no text can end it.
     */
    static String result(String origin, ObjectNode response, int picked) {
        ObjectNode data = Json.object();
        data.put("origin", origin);
        data.set("response", response);
        String json = new String(Json.bytes(data), java.nio.charset.StandardCharsets.UTF_8)
                .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
        String status = picked == 0 ? "Nothing was selected." : "You selected " + picked + (picked == 1 ? " file." : " files.");
        return head("Google Picker (emulator)")
                + "<h1>" + (picked == 0 ? "Cancelled" : "Done") + "</h1>\n"
                + "<p role=\"status\" id=\"result\">" + esc(status) + " You can close this window.</p>\n"
                + "<script type=\"application/json\" id=\"picker-response\">" + json + "</script>\n"
                + "<script>\n"
                + "(function () {\n"
                + "  var data = JSON.parse(document.getElementById('picker-response').textContent);\n"
                + "  if (window.opener && !window.opener.closed) {\n"
                + "    window.opener.postMessage(data.response, data.origin);\n"
                + "    window.close();\n"
                + "  }\n"
                + "})();\n"
                + "</script>\n"
                + "</main>\n</body></html>\n";
    }
}
