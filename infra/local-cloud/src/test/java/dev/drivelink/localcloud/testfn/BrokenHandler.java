package dev.drivelink.localcloud.testfn;

import java.io.InputStream;
import java.io.OutputStream;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

/** A function whose init fails (its constructor throws), as a misconfigured application would. */
public class BrokenHandler implements RequestStreamHandler {

    public BrokenHandler() {
        throw new IllegalStateException("missing configuration: DRIVELINK_TABLE");
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        throw new UnsupportedOperationException();
    }
}
