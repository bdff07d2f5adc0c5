/**
 * The web lab ({@code serve}): {@link backproplab.lab.LabServer} makes what several pages read
 * once and gives each page package to the core, {@link backproplab.lab.http}, which knows none of
 * them. A page package holds a page or a journey of pages with its API; its HTML, script and
 * styles lie beside it in the resources (backproplab/lab/runs/runs.js). No page imports another.
 */
package backproplab.lab;
