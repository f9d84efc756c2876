#include "core/train/trainer.hpp"

#include <chrono>
#include <cmath>
#include <fstream>
#include <memory>
#include <sstream>

#include <sys/resource.h>

#include <torch/types.h>  // before clip_grad.h, which does not include it
#include <torch/nn/utils/clip_grad.h>
#include <torch/optim/adamw.h>
#include <torch/serialize/archive.h>

#include "core/dataset/rgbd_dataset.hpp"
#include "core/diffusion/diffusion_model.hpp"
#include "core/nn/adm_unet.hpp"
#include "core/nn/checkpoint_writer.hpp"
#include "core/nn/compute_device.hpp"
#include "core/train/batch_source.hpp"
#include "core/train/diffusion_loss.hpp"
#include "core/train/finetune.hpp"
#include "core/train/training_group.hpp"
#include "core/train/training_samples.hpp"
#include "core/train/training_state.hpp"
#include "core/util/atomic_file.hpp"
#include "core/util/error.hpp"
#include "core/util/json_fields.hpp"
#include "core/util/usable_cores.hpp"

namespace ivid::train {
namespace fs = std::filesystem;
namespace {

using Clock = std::chrono::steady_clock;

// CPU seconds this process has used on all its threads (the training budget is machine time,
// which wall time overstates when other work shares the cores).
double process_cpu_seconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           1e-6 * double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
}

// A resumed run must train the same network on the same data encoding; only the trainer block
// (e.g. a larger max_steps) may change.
void require_same_model(const fs::path& saved_file, const fs::path& given_file) {
    const nlohmann::json saved = parse_json_file(saved_file), given = parse_json_file(given_file);
    for (const char* block : {"backbone", "framework", "dataset"})
        if (saved.value(block, nlohmann::json()) != given.value(block, nlohmann::json()))
            throw Error(given_file.string() + ": key \"" + block + "\" differs from the run's " + saved_file.string() +
                        " (a resumed run must train the same model on the same data; only \"trainer\" may change)");
}

// ADM-style EMA warm-up: early on the average follows the weights closely, so short runs are not
// dominated by the random initialisation.
double ema_rate_at(double rate, int64_t step) { return std::min(rate, (1.0 + double(step)) / (10.0 + double(step))); }

struct Networks {
    nn::AdmUnet net;
    std::vector<nn::AdmUnet> ema;  // rank 0 only: every rank holds the same weights
};

class CheckpointWriter {
public:
    CheckpointWriter(fs::path out, const TrainerSettings& trainer) : out_(std::move(out)), trainer_(trainer) {}

    void save(int64_t step, const Networks& nets, torch::optim::AdamW& optimizer, RunRecord& record) {
        const CheckpointFiles files = checkpoint_files(step, trainer_.ema_rates);
        const int64_t previous = record.checkpoints.empty() ? 0 : record.checkpoints.back().step;
        try {
            nn::write_checkpoint(nets.net.state_dict(), out_ / files.model);
            for (size_t i = 0; i < nets.ema.size(); ++i) nn::write_checkpoint(nets.ema[i].state_dict(), out_ / files.ema[i]);
            std::ostringstream state;
            torch::serialize::OutputArchive archive;
            optimizer.save(archive);
            archive.save_to(state);
            write_text_atomically(out_ / files.optimizer, state.str());
            RunRecord next = record;
            next.checkpoints.push_back(files);
            write_run_record(out_, next);
            record = next;
        } catch (const std::exception& e) {
            remove_files(files);
            throw Error("checkpoint at step " + std::to_string(step) + " could not be written: " + e.what() +
                        (previous ? "; the previous checkpoint (step " + std::to_string(previous) + ") is intact"
                                  : std::string("; no earlier checkpoint exists")));
        }
        while (int(record.checkpoints.size()) > trainer_.keep_checkpoints) {
            const CheckpointFiles old = record.checkpoints.front();
            record.checkpoints.erase(record.checkpoints.begin());
            write_run_record(out_, record);
            remove_files(old);
        }
    }

private:
    void remove_files(const CheckpointFiles& files) const {
        std::error_code ec;
        fs::remove(out_ / files.model, ec);
        for (const auto& f : files.ema) fs::remove(out_ / f, ec);
        fs::remove(out_ / files.optimizer, ec);
    }
    fs::path out_;
    const TrainerSettings& trainer_;
};

// log.csv keeps rows up to `step`: rows written after the checkpoint a run resumes from are
// dropped, so the log never shows a step twice.
void prepare_log(const fs::path& file, int64_t step) {
    std::string kept = "step,loss,images_per_second,train_seconds\n";
    if (step > 0 && fs::exists(file)) {
        std::istringstream in(read_text_file(file));
        std::string line;
        std::getline(in, line);
        while (std::getline(in, line))
            if (!line.empty() && std::stoll(line.substr(0, line.find(','))) <= step) kept += line + "\n";
    }
    write_text_atomically(file, kept);
}


// Rank 0: the run folder, new or to resume (checked against the config and dataset), and its record.
RunRecord open_run_folder(const TrainingRun& run, size_t data_images) {
    const fs::path& out = run.out;
    RunRecord record;
    if (run.resume) {
        if (!fs::exists(out / "latest.json"))
            throw Error((out / "latest.json").string() + ": nothing to resume (no checkpoint was written yet); "
                        "start without --resume");
        record = read_run_record(out);
        if (record.role != model_role_name(run.role))
            throw Error((out / "latest.json").string() + ": the run trains a \"" + record.role + "\" model, not \"" +
                        model_role_name(run.role) + "\"");
        require_same_model(out / "config.json", run.config);
        if (record.data_images != int64_t(data_images))
            throw Error(run.data.string() + ": holds " + std::to_string(data_images) + " images, but the run was trained on " +
                        std::to_string(record.data_images) + " (" + record.data + ")");
    } else {
        if (fs::exists(out / "latest.json"))
            throw Error(out.string() + ": already holds a training run (latest.json); pass --resume to continue it "
                        "or choose another --out");
        fs::create_directories(out / "ckpts");
        fs::create_directories(out / "samples");
        write_text_atomically(out / "config.json", read_text_file(run.config));
        record.role = model_role_name(run.role);
    }
    record.data = fs::absolute(run.data).string();
    record.data_images = int64_t(data_images);
    return record;
}

std::string message_of(const std::exception_ptr& error) {
    try {
        std::rethrow_exception(error);
    } catch (const std::exception& e) {
        return e.what();
    } catch (...) {
        return "unknown error";
    }
}

// Runs `setup` on this rank, then every rank learns whether any rank failed: a rank that cannot
// start (no data on its node, an existing run folder on rank 0) stops them all at once instead of
// leaving the others waiting for it until the timeout.
void set_up_on_every_rank(TrainingGroup* group, const std::function<void()>& setup) {
    std::exception_ptr error;
    try {
        setup();
    } catch (...) {
        error = std::current_exception();
    }
    if (group == nullptr) {
        if (error) std::rethrow_exception(error);
        return;
    }
    if (error) group->report_failure(message_of(error));
    const double failures = group->sum({error ? 1.0 : 0.0}, 0).front();
    if (error) std::rethrow_exception(error);
    if (failures > 0.0) throw Error("rank " + std::to_string(group->rank()) + ": stopping: " + group->why_others_stopped(0));
}

// Why the loop should stop before the next step, as seen by this rank.
struct StopRequest {
    bool interrupted = false;  // Ctrl-C / SIGTERM
    bool budget = false;       // --steps / --minutes of this invocation
    bool any() const { return interrupted || budget; }
};

// What the ranks agree on after each step (a single process agrees with itself).
struct StepAgreement {
    double loss = 0.0;         // the global batch's loss
    StopRequest stop;          // requested on any rank
    double cpu_seconds = 0.0;  // CPU seconds of all ranks' processes so far (this invocation)
};

class TrainingSession {
public:
    TrainingSession(const TrainingRun& run, const TrainingEvents& events)
        : run_(run), events_(events), config_(load_training_config(run.config, run.role)), trainer_(config_.trainer) {}

    TrainingSummary run() {
        // Every core the process may use, not compute_threads()'s idle ones: the count must be the
        // same at every resume (it changes the order of float sums), whatever else is running.
        nn::set_compute_threads(run_.threads == 0 ? usable_cores() : run_.threads);
        device_ = nn::select_device(device_name());
        if (run_.launch.distributed()) {
            say("rank " + std::to_string(run_.launch.rank) + " of " + std::to_string(run_.launch.world_size) +
                " (" + run_.launch.source + "), rendezvous " + run_.launch.master_addr + ":" +
                std::to_string(run_.launch.master_port));
            group_ = std::make_unique<TrainingGroup>(run_.launch, run_.collective_timeout, device_.is_cuda());
        }
        try {
            set_up_on_every_rank(group_.get(), [&] { open_and_load(); });
            build_networks();
            if (group_) share_start_state();
            return train();
        } catch (const std::exception& e) {
            if (group_) group_->report_failure(e.what());
            throw;
        }
    }

private:
    bool leader() const { return !group_ || group_->leader(); }
    int ranks() const { return group_ ? group_->size() : 1; }
    int64_t global_batch() const { return int64_t(trainer_.batch_size) * ranks(); }
    void say(const std::string& text) const {
        if (events_.on_message && leader()) events_.on_message(text);
    }
    // A data-parallel rank on a CUDA machine takes the GPU of its local rank unless one is named.
    std::string device_name() const {
        if (run_.launch.distributed() && run_.device == "cuda") return "cuda:" + std::to_string(run_.launch.local_rank);
        return run_.device;
    }

    // Step 1: the run folder (rank 0) and the dataset in memory (every rank).
    void open_and_load() {
        const dataset::RgbdDataset data(run_.data);
        if (leader()) record_ = open_run_folder(run_, data.size());
        say("loading " + std::to_string(data.size()) + " images from " + run_.data.string());
        loaded_ = load_training_data(data, config_, [&, done = size_t(0)]() mutable {
            if (events_.on_loading && leader()) events_.on_loading(++done, data.size());
        });
    }

    // Step 2: the network at the starting step: initialised, fine-tuned or resumed (rank 0 reads
    // the files; the other ranks receive the weights in step 3), its EMA copies and the optimizer.
    void build_networks() {
        nets_ = std::make_unique<Networks>(Networks{nn::AdmUnet(config_.model.backbone, config_.model.file), {}});
        nets_->net.initialize_for_training(trainer_.seed);
        if (leader() && !run_.resume && !trainer_.finetune_ckpt.empty()) {
            say("fine-tuning from " + trainer_.finetune_ckpt.string());
            nets_->net.load_state_dict(finetune_weights(trainer_.finetune_ckpt, nets_->net.state_dict()),
                                       trainer_.finetune_ckpt.string());
        }
        const fs::path& out = run_.out;
        if (leader() && run_.resume) {
            const CheckpointFiles& last = record_.checkpoints.back();
            step_ = last.step;
            nets_->net.load_state_dict(nn::read_checkpoint(out / last.model), (out / last.model).string());
        }
        for (size_t i = 0; leader() && i < trainer_.ema_rates.size(); ++i) {
            nets_->ema.emplace_back(config_.model.backbone, config_.model.file);
            if (!run_.resume) {
                nets_->ema.back().load_state_dict(nets_->net.state_dict(), "initial weights");
                continue;
            }
            const CheckpointFiles& last = record_.checkpoints.back();
            if (i >= last.ema.size()) throw Error((out / "latest.json").string() + ": fewer EMA checkpoints than ema_rate entries");
            nets_->ema[i].load_state_dict(nn::read_checkpoint(out / last.ema[i]), (out / last.ema[i]).string());
        }
        if (leader() && run_.resume)
            say("resuming at step " + std::to_string(step_) + " (" + std::to_string(record_.images_seen) + " images seen)");
        nets_->net.to(device_);
        for (auto& e : nets_->ema) e.to(device_);
        nets_->net.set_training(true);
        optimizer_ = std::make_unique<torch::optim::AdamW>(
            nets_->net.parameters(), torch::optim::AdamWOptions(trainer_.learning_rate).weight_decay(trainer_.weight_decay));
        if (leader() && run_.resume) {
            torch::serialize::InputArchive archive;
            archive.load_from((out / record_.checkpoints.back().optimizer).string(), device_);
            optimizer_->load(archive);
        }
    }

    // Step 3 (data-parallel): rank 0's dataset size, step, weights and optimizer state on every
    // rank (as PyTorch's DDP broadcasts the module at construction), so the ranks start equal.
    void share_start_state() {
        at::Tensor shared = at::tensor({step_, int64_t(loaded_.samples.size()), int64_t(run_.resume)}, at::kLong);
        group_->broadcast({shared}, "the starting step");
        step_ = shared[0].item<int64_t>();
        const bool resumed = shared[2].item<int64_t>() != 0;  // rank 0's --resume decides for all
        if (shared[1].item<int64_t>() != int64_t(loaded_.samples.size()))
            throw Error("rank " + std::to_string(group_->rank()) + ": " + run_.data.string() + " holds " +
                        std::to_string(loaded_.samples.size()) + " images, rank 0's " + std::to_string(shared[1].item<int64_t>()) +
                        ": every rank must train on the same dataset");
        group_->broadcast(nets_->net.parameters(), "the weights");
        if (!resumed) return;  // a fresh AdamW is the same everywhere
        std::ostringstream bytes;
        if (leader()) {
            torch::serialize::OutputArchive archive;
            optimizer_->save(archive);
            archive.save_to(bytes);
        }
        const std::string state = group_->broadcast_bytes(bytes.str(), "the optimizer state");
        if (!leader()) {
            torch::serialize::InputArchive archive;
            archive.load_from(state.data(), state.size(), device_);
            optimizer_->load(archive);
        }
    }

    StopRequest stop_request(int64_t first_step, Clock::time_point started) const {
        const double minutes = std::chrono::duration<double>(Clock::now() - started).count() / 60.0;
        StopRequest stop;
        stop.interrupted = events_.stop && events_.stop->load();
        stop.budget = (run_.stop_after_steps && step_ - first_step + 1 >= *run_.stop_after_steps) ||
                      (run_.stop_after_minutes && minutes >= *run_.stop_after_minutes);
        return stop;
    }

    StepAgreement agree(double loss, const StopRequest& stop) const {
        const double cpu = process_cpu_seconds();
        if (!group_) return {loss, stop, cpu};
        // Each rank's loss is its slice's mean; weighted by the slice, the sum is the global mean.
        const std::vector<double> total = group_->sum(
            {loss / double(ranks()), stop.interrupted ? 1.0 : 0.0, stop.budget ? 1.0 : 0.0, cpu}, step_);
        return {total[0], {total[1] > 0.0, total[2] > 0.0}, total[3]};
    }

    void update_ema(const std::vector<at::Tensor>& params) {
        at::NoGradGuard no_grad;
        for (size_t i = 0; i < nets_->ema.size(); ++i) {
            const double rate = ema_rate_at(trainer_.ema_rates[i], step_);
            const std::vector<at::Tensor> ema_params = nets_->ema[i].parameters();
            for (size_t k = 0; k < params.size(); ++k) ema_params[k].mul_(rate).add_(params[k].detach(), 1.0 - rate);
        }
    }

    // Step 4: the loop.
    TrainingSummary train() {
        const fs::path& out = run_.out;
        if (step_ >= trainer_.max_steps)
            say("already at step " + std::to_string(step_) + " of max_steps " + std::to_string(trainer_.max_steps));
        const at::Tensor alpha_bar = at::tensor(diffusion::make_diffusion_model(config_.model, nets_->net).schedule.alphas_cumprod(),
                                                at::kDouble).to(at::kFloat);
        TrainingConfig validation_config = config_;
        validation_config.trainer.batch_size = trainer_.sample_count;
        std::optional<TrainingBatch> validation;
        std::optional<CheckpointWriter> checkpoints;
        if (leader()) {
            validation = make_batch(loaded_, validation_config, -1, BatchSlice::whole(trainer_.sample_count));
            prepare_log(out / "log.csv", step_);
            checkpoints.emplace(out, trainer_);
        }

        TrainingSummary summary;
        summary.first_step = step_ + 1;
        summary.max_steps = trainer_.max_steps;
        summary.world_size = ranks();
        const auto started = Clock::now();
        const double cpu_base = record_.cpu_seconds - agree(0.0, {}).cpu_seconds;  // every rank's CPU time counts
        const std::vector<at::Tensor> params = nets_->net.parameters();
        double interval_loss = 0.0;
        int64_t interval_steps = 0;
        auto interval_start = Clock::now();
        int64_t saved_step = step_;
        const int rank = group_ ? group_->rank() : 0;
        BatchSource batches(loaded_, config_, BatchSlice::of_rank(trainer_.batch_size, rank, ranks()), step_ + 1);
        StopRequest agreed_stop;  // data-parallel: what the ranks agreed on after the last step
        while (step_ < trainer_.max_steps) {
            const StopRequest stop = group_ ? agreed_stop : stop_request(summary.first_step, started);
            if (stop.any()) {
                summary.interrupted = stop.interrupted;
                break;
            }
            const auto step_start = Clock::now();
            const TrainingBatch batch = batches.next();
            ++step_;
            optimizer_->zero_grad();
            const double local_loss =
                backward_loss(nets_->net, loss_inputs(config_, alpha_bar, batch, device_), trainer_.batch_split);
            const StepAgreement agreed = agree(local_loss, stop_request(summary.first_step, started));
            if (!std::isfinite(agreed.loss))
                throw Error("training stopped at step " + std::to_string(step_) + ": the loss is " + std::to_string(agreed.loss) +
                            "; the last good checkpoint is step " + std::to_string(saved_step) + " in " +
                            (out / "latest.json").string() + " (resume from it with a lower learning_rate or grad_clip)");
            if (group_) group_->average_gradients(params, step_);
            if (trainer_.grad_clip > 0.0) torch::nn::utils::clip_grad_norm_(params, trainer_.grad_clip);
            optimizer_->step();
            update_ema(params);
            agreed_stop = agreed.stop;

            const double step_seconds = std::chrono::duration<double>(Clock::now() - step_start).count();
            summary.seconds += step_seconds;
            record_.train_seconds += step_seconds;
            record_.images_seen += global_batch();
            interval_loss += agreed.loss;
            ++interval_steps;
            if (events_.on_step) events_.on_step(step_, trainer_.max_steps, agreed.loss, double(global_batch()) / step_seconds);

            if (step_ % trainer_.log_every == 0 || step_ == trainer_.max_steps) {
                const double seconds = std::chrono::duration<double>(Clock::now() - interval_start).count();
                summary.last_loss = interval_loss / double(interval_steps);
                if (leader()) {
                    std::ofstream log(out / "log.csv", std::ios::app);
                    log << step_ << ',' << summary.last_loss << ',' << double(interval_steps * global_batch()) / seconds << ','
                        << record_.train_seconds << '\n';
                }
                if (group_) group_->check_same_weights(params, step_);
                interval_loss = 0.0;
                interval_steps = 0;
                interval_start = Clock::now();
            }
            record_.cpu_seconds = cpu_base + agreed.cpu_seconds;
            if (leader() && (step_ % trainer_.save_every == 0 || step_ == trainer_.max_steps)) {
                checkpoints->save(step_, *nets_, *optimizer_, record_);
                saved_step = step_;
            }
            if (leader() && (step_ % trainer_.sample_every == 0 || step_ == trainer_.max_steps))
                write_sample_grid(nets_->ema.front(), config_, *validation, out / "samples" / (step_tag(step_) + ".png"));
        }
        if (leader() && saved_step != step_) checkpoints->save(step_, *nets_, *optimizer_, record_);
        if (group_) group_->barrier(step_);  // every rank returns once rank 0's checkpoint is on disk
        summary.last_step = step_;
        summary.finished = step_ >= trainer_.max_steps;
        summary.train_seconds = record_.train_seconds;
        summary.cpu_seconds = record_.cpu_seconds;
        summary.images_seen = record_.images_seen;
        if (interval_steps > 0) summary.last_loss = interval_loss / double(interval_steps);
        if (!record_.checkpoints.empty()) summary.checkpoint = out / record_.checkpoints.back().ema.front();
        return summary;
    }

    const TrainingRun& run_;
    const TrainingEvents& events_;
    const TrainingConfig config_;
    const TrainerSettings& trainer_;
    c10::Device device_ = c10::kCPU;
    std::unique_ptr<TrainingGroup> group_;
    RunRecord record_;
    LoadedDataset loaded_;
    std::unique_ptr<Networks> nets_;
    std::unique_ptr<torch::optim::AdamW> optimizer_;
    int64_t step_ = 0;
};

}  // namespace

TrainingSummary run_training(const TrainingRun& run, const TrainingEvents& events) {
    return TrainingSession(run, events).run();
}

}  // namespace ivid::train
