/**
 * Builtin processors: camera-stream processors that run inside the agent on virtual threads.
 *
 * <pre>
 *   synthetic://NAME?fps=..   ─► SyntheticCamera ─┐
 *   rtsp:// http:// file:// … ─► FfmpegFrameSource ┴► Frame ─► MotionDetector ─► MotionResult
 *                                                                   │                  │
 *                                                              StatsWindow     MotionEventTracker
 *                                                                   │                  │
 *                            BuiltinListener ◄── onStats (≤ 1/s) ───┘   onEvent ◄──────┘
 *                                            ◄── onEvent "frame" (each frame, with frame_events=true)
 *                                            ◄── onFirstFrame (once), onExit (once, last)
 * </pre>
 *
 * <p>{@link io.streamfleet.agent.builtin.BuiltinProcessorFactory} turns a processor name, a stream
 * URL and its params into a source and a detector; {@link io.streamfleet.agent.builtin.BuiltinProcessor}
 * runs the loop above on one virtual thread per stream.
 *
 * <p>Glossary:
 * <ul>
 *   <li><b>frame</b>: one 8-bit grayscale picture with the source's sequence number and capture time.
 *   <li><b>dropped frame</b>: a sequence number the processor never saw, because the source skipped it
 *       to stay on schedule (synthetic) or a newer frame replaced it before it was read (ffmpeg).
 *   <li><b>changed fraction</b>: the share of the picture whose block-mean luma moved by more than
 *       the threshold since the previous analysed frame.
 *   <li><b>motion event</b>: a {@code motion_start} or {@code motion_end} transition, debounced by a
 *       hold of quiet frames.
 *   <li><b>latency</b>: from the source producing a frame to the detector finishing with it.
 *   <li><b>timeline</b>: where a synthetic camera's frame 0 lies: its first frame read ({@code start})
 *       or the Unix epoch on the wall clock ({@code wall}), so that two instances of a stream number
 *       the same instant the same.
 *   <li><b>frame event</b>: an event of kind {@code frame}, payload {@code {"frame": N}}, per
 *       processed frame when {@code frame_events=true}. Every event's payload names its frame, so
 *       the server can de-duplicate the two instances of a make-before-break move by it.
 * </ul>
 */
package io.streamfleet.agent.builtin;
