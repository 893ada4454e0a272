/**
 * The long windows after the cutover: the business KPI watch (first 24 hours) and the day-3 bake
 * report (72 hours). A {@link io.intelgraph.cutover.bake.BakeWindow} ends now and starts one
 * configured window earlier, never before full traffic; {@link io.intelgraph.cutover.bake.Coverage}
 * says how much of it Prometheus actually holds; {@link io.intelgraph.cutover.bake.BakeProbe}
 * judges ratios, step compliance and the error budget over it and fails closed: too little data is
 * {@code NO_DATA}, too little traffic {@code LOW_SAMPLE}, never a pass.
 */
package io.intelgraph.cutover.bake;
