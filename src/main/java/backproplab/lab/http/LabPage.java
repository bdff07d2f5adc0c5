package backproplab.lab.http;

import io.javalin.Javalin;

/**
 * A page of the lab, or a journey of pages, with its API: what {@link LabApp} is given to serve.
 * The pages come to the server, never the server to them: the core knows no page, and a page
 * reaches the core's rules (who may ask, errors, JSON) only through this package.
 */
public interface LabPage {

    /** Adds the page's routes, its HTML at its address and its API beside it. */
    void register(Javalin app);
}
