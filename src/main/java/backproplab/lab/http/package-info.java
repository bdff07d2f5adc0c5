/**
 * The lab's HTTP core, which every page uses and none calls back: the server ({@link
 * backproplab.lab.http.LabApp}) that is given the pages ({@link backproplab.lab.http.LabPage}),
 * who may reach it ({@link backproplab.lab.http.SameOrigin}, {@link
 * backproplab.lab.http.AccessToken}, {@link backproplab.lab.http.ReadOnly}), its limits, its
 * one-line refusals and the strict reading of a request's JSON. It imports no page.
 */
package backproplab.lab.http;
