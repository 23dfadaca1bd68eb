package io.streamfleet.agent.hardware;

/**
 * How busy one GPU is now.
 *
 * @param gpu its index ({@code nvidia-smi}'s) or render node name ({@code renderD128})
 * @param utilizationRatio the share of the last sample period the GPU was busy, 0 to 1; NaN when
 *     the driver does not say
 * @param memoryUsedBytes video memory in use; -1 when the driver does not say
 * @param memoryTotalBytes video memory in all; -1 when the driver does not say
 */
public record GpuUsage(String gpu, String name, double utilizationRatio, long memoryUsedBytes, long memoryTotalBytes) {}
