package dev.drivelink.emulator;

import dev.drivelink.emulator.Model.PendingAuthorization;

import java.util.List;

/** The HTML of the consent page and of the error pages the authorization endpoint shows. */
final class ConsentPage {
    private ConsentPage() {
    }

    static final String STYLE = """
            <style>
              * { box-sizing: border-box; }
              body { margin: 0; font-family: "Google Sans", Roboto, Arial, sans-serif; background: #f0f4f9; color: #1f1f1f; }
              .card { max-width: 460px; margin: 48px auto; background: #fff; border-radius: 28px; padding: 36px 40px 28px;
                      box-shadow: 0 1px 3px rgba(0,0,0,.12); }
              .logo { font-size: 22px; font-weight: 500; letter-spacing: -.5px; margin-bottom: 18px; }
              .logo span:nth-child(1) { color: #4285f4; } .logo span:nth-child(2) { color: #ea4335; }
              .logo span:nth-child(3) { color: #fbbc05; } .logo span:nth-child(4) { color: #4285f4; }
              .logo span:nth-child(5) { color: #34a853; } .logo span:nth-child(6) { color: #ea4335; }
              .badge { display: inline-block; font-size: 11px; background: #fde293; color: #5f4100; border-radius: 8px;
                       padding: 2px 8px; margin-left: 8px; vertical-align: middle; }
              h1 { font-size: 24px; font-weight: 400; margin: 0 0 8px; }
              .app { font-family: monospace; background: #f1f3f4; padding: 2px 6px; border-radius: 6px; word-break: break-all; }
              p.sub { color: #444746; margin: 0 0 20px; }
              fieldset { border: 0; margin: 0 0 18px; padding: 0; }
              legend { font-weight: 500; margin-bottom: 8px; }
              label.account { display: flex; align-items: center; gap: 12px; padding: 10px 12px; border: 1px solid #dadce0;
                              border-radius: 12px; margin-bottom: 8px; cursor: pointer; }
              label.account:hover { background: #f8fafd; }
              label.account input { accent-color: #0b57d0; }
              .avatar { width: 32px; height: 32px; border-radius: 50%; color: #fff; display: flex; align-items: center;
                        justify-content: center; font-weight: 500; }
              .who { display: flex; flex-direction: column; } .who small { color: #444746; }
              ul.scopes { padding-left: 20px; margin: 4px 0 20px; } ul.scopes li { margin-bottom: 6px; }
              ul.scopes code { display: block; font-size: 11px; color: #5f6368; }
              .note { font-size: 13px; color: #444746; margin-bottom: 22px; }
              .buttons { display: flex; justify-content: flex-end; gap: 12px; }
              button { font: inherit; font-weight: 500; border-radius: 20px; padding: 10px 24px; cursor: pointer; border: 0; }
              #deny { background: transparent; color: #0b57d0; border: 1px solid #747775; }
              #allow { background: #0b57d0; color: #fff; }
              .warn { color: #b3261e; margin-bottom: 12px; }
              .error-code { font-family: monospace; color: #b3261e; font-size: 18px; }
              :focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
            </style>
            """;

    private static final String[] COLORS = {"#1a73e8", "#e37400", "#188038", "#a142f4", "#d93025"};

    static String render(PendingAuthorization pa, List<Account> accounts, Account preselected) {
        return render(pa, accounts, preselected, null);
    }

    static String render(PendingAuthorization pa, List<Account> accounts, Account preselected, String warning) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>Sign in - Google Accounts (emulator)</title>").append(STYLE).append("</head><body>\n")
                .append("<main class=\"card\">\n")
                .append("<div class=\"logo\"><span>G</span><span>o</span><span>o</span><span>g</span><span>l</span><span>e</span>")
                .append("<span class=\"badge\">emulator</span></div>\n")
                .append("<h1>Choose an account</h1>\n")
                .append("<p class=\"sub\">to continue to <span class=\"app\" id=\"client-id\">").append(esc(pa.clientId))
                .append("</span></p>\n");
        if (warning != null) {
            sb.append("<p class=\"warn\">").append(esc(warning)).append("</p>\n");
        }
        sb.append("<form method=\"post\" action=\"/o/oauth2/v2/auth/decision\">\n")
                .append("<input type=\"hidden\" name=\"request_id\" value=\"").append(esc(pa.id)).append("\">\n")
                .append("<fieldset><legend>Account</legend>\n");
        int i = 0;
        for (Account account : accounts) {
            boolean checked = preselected != null ? preselected.email().equals(account.email()) : i == 0;
            sb.append("<label class=\"account\" data-account=\"").append(esc(account.email())).append("\">")
                    .append("<input type=\"radio\" name=\"account\" value=\"").append(esc(account.email())).append('"')
                    .append(checked ? " checked" : "").append(">")
                    .append("<span class=\"avatar\" style=\"background:").append(COLORS[i % COLORS.length]).append("\">")
                    .append(esc(account.displayName().substring(0, 1))).append("</span>")
                    .append("<span class=\"who\"><strong>").append(esc(account.displayName())).append("</strong><small>")
                    .append(esc(account.email())).append("</small></span></label>\n");
            i++;
        }
        sb.append("</fieldset>\n")
                .append("<p><strong>").append(esc(pa.clientId)).append("</strong> wants to:</p>\n<ul class=\"scopes\">\n");
        for (String scope : pa.scopes) {
            sb.append("<li class=\"scope\" data-scope=\"").append(esc(scope)).append("\">").append(esc(Scopes.describe(scope)))
                    .append("<code>").append(esc(scope)).append("</code></li>\n");
        }
        sb.append("</ul>\n");
        if (pa.offline) {
            sb.append("<p class=\"note\">This app asks for offline access: it can keep acting for you when you are not using it.</p>\n");
        }
        sb.append("<p class=\"note\">Make sure you trust this app. You can remove its access at any time in your Google Account.</p>\n")
                .append("<div class=\"buttons\">")
                .append("<button type=\"submit\" id=\"deny\" name=\"decision\" value=\"deny\">Deny</button>")
                .append("<button type=\"submit\" id=\"allow\" name=\"decision\" value=\"allow\">Allow</button>")
                .append("</div>\n</form>\n</main>\n</body></html>\n");
        return sb.toString();
    }

    static String errorPage(int status, String error, String detail) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Error " + status + " ("
                + esc(error) + ")</title>" + STYLE + "</head><body><main class=\"card\">"
                + "<div class=\"logo\"><span>G</span><span>o</span><span>o</span><span>g</span><span>l</span><span>e</span>"
                + "<span class=\"badge\">emulator</span></div>"
                + "<h1>Access blocked: Authorization Error</h1>"
                + "<p>" + esc(detail) + "</p>"
                + "<p class=\"error-code\" id=\"error\">Error " + status + ": " + esc(error) + "</p>"
                + "</main></body></html>\n";
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
