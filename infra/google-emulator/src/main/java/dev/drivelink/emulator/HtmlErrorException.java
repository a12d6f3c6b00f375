package dev.drivelink.emulator;

/** An error the authorization endpoint shows to the user as a page instead of redirecting (as Google does). */
final class HtmlErrorException extends RuntimeException {
    final int status;
    final String error;

    HtmlErrorException(int status, String error, String detail) {
        super(detail);
        this.status = status;
        this.error = error;
    }

    Response toResponse() {
        return Response.html(status, ConsentPage.errorPage(status, error, getMessage()));
    }
}
