using Mlp.Training;
using Xunit;

namespace Mlp.Tests.Examples;

/// <summary>The trainer's choice between all threads and one, fed made-up step times.</summary>
public class ThreadTunerExamples
{
    // Runs steps that take `parallel` seconds on all threads and `alone` on one; returns the ways
    // the steps ran (true: alone).
    private static List<bool> Run(ThreadTuner tuner, int steps, double parallel, double alone)
    {
        var ways = new List<bool>();
        for (var i = 0; i < steps; i++)
        {
            var way = tuner.NextAlone;
            ways.Add(way);
            tuner.Record(way ? alone : parallel);
        }
        return ways;
    }

    [Fact]
    public void Steps_run_on_all_threads_while_that_is_faster_with_a_short_trial_now_and_then()
    {
        var tuner = new ThreadTuner();
        var ways = Run(tuner, 10 * (ThreadTuner.Period + ThreadTuner.Trial), parallel: 1.0, alone: 1.8);
        Assert.False(tuner.Alone);
        Assert.Equal(10 * ThreadTuner.Trial, ways.Count(w => w));
        Assert.All(ways.Take(ThreadTuner.Period), w => Assert.False(w));
    }

    [Fact]
    public void When_one_thread_is_faster_the_steps_move_to_it_and_come_back_when_it_no_longer_is()
    {
        var tuner = new ThreadTuner();
        Run(tuner, ThreadTuner.Period + ThreadTuner.Trial, parallel: 2.0, alone: 1.0);
        Assert.True(tuner.Alone);
        var ways = Run(tuner, ThreadTuner.Period, parallel: 2.0, alone: 1.0);
        Assert.All(ways, w => Assert.True(w));
        Run(tuner, ThreadTuner.Trial, parallel: 0.5, alone: 1.0);
        Assert.False(tuner.Alone);
    }

    [Fact]
    public void A_small_difference_does_not_move_the_steps()
    {
        var tuner = new ThreadTuner();
        Run(tuner, 5 * (ThreadTuner.Period + ThreadTuner.Trial), parallel: 1.0, alone: 0.9);
        Assert.False(tuner.Alone);
    }
}
