#include "core/train/trainer.hpp"

#include <chrono>
#include <cmath>
#include <fstream>
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
#include "core/train/training_samples.hpp"
#include "core/train/training_state.hpp"
#include "core/util/atomic_file.hpp"
#include "core/util/error.hpp"
#include "core/util/json_fields.hpp"

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
    std::vector<nn::AdmUnet> ema;
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

}  // namespace

TrainingSummary run_training(const TrainingRun& run, const TrainingEvents& events) {
    const auto say = [&](const std::string& text) { if (events.on_message) events.on_message(text); };
    nn::set_compute_threads(run.threads);
    const c10::Device device = nn::select_device(run.device);
    const TrainingConfig config = load_training_config(run.config, run.role);
    const TrainerSettings& trainer = config.trainer;
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
    } else {
        if (fs::exists(out / "latest.json"))
            throw Error(out.string() + ": already holds a training run (latest.json); pass --resume to continue it "
                        "or choose another --out");
        fs::create_directories(out / "ckpts");
        fs::create_directories(out / "samples");
        write_text_atomically(out / "config.json", read_text_file(run.config));
        record.role = model_role_name(run.role);
    }

    const dataset::RgbdDataset data(run.data);
    if (run.resume && record.data_images != int64_t(data.size()))
        throw Error(run.data.string() + ": holds " + std::to_string(data.size()) + " images, but the run was trained on " +
                    std::to_string(record.data_images) + " (" + record.data + ")");
    record.data = fs::absolute(run.data).string();
    record.data_images = int64_t(data.size());
    say("loading " + std::to_string(data.size()) + " images from " + run.data.string());
    const LoadedDataset loaded = load_training_data(data, config, [&, done = size_t(0)]() mutable {
        if (events.on_loading) events.on_loading(++done, data.size());
    });

    Networks nets{nn::AdmUnet(config.model.backbone, config.model.file), {}};
    nets.net.initialize_for_training(trainer.seed);
    if (!run.resume && !trainer.finetune_ckpt.empty()) {
        say("fine-tuning from " + trainer.finetune_ckpt.string());
        nets.net.load_state_dict(finetune_weights(trainer.finetune_ckpt, nets.net.state_dict()),
                                 trainer.finetune_ckpt.string());
    }
    for (size_t i = 0; i < trainer.ema_rates.size(); ++i) {
        nets.ema.emplace_back(config.model.backbone, config.model.file);
        nets.ema.back().load_state_dict(nets.net.state_dict(), "initial weights");
    }
    int64_t step = 0;
    if (run.resume) {
        const CheckpointFiles& last = record.checkpoints.back();
        step = last.step;
        nets.net.load_state_dict(nn::read_checkpoint(out / last.model), (out / last.model).string());
        for (size_t i = 0; i < nets.ema.size(); ++i) {
            if (i >= last.ema.size()) throw Error((out / "latest.json").string() + ": fewer EMA checkpoints than ema_rate entries");
            nets.ema[i].load_state_dict(nn::read_checkpoint(out / last.ema[i]), (out / last.ema[i]).string());
        }
        say("resuming at step " + std::to_string(step) + " (" + std::to_string(record.images_seen) + " images seen)");
    }
    nets.net.to(device);
    for (auto& e : nets.ema) e.to(device);
    nets.net.set_training(true);
    torch::optim::AdamW optimizer(nets.net.parameters(),
                                  torch::optim::AdamWOptions(trainer.learning_rate).weight_decay(trainer.weight_decay));
    if (run.resume) {
        torch::serialize::InputArchive archive;
        archive.load_from((out / record.checkpoints.back().optimizer).string(), device);
        optimizer.load(archive);
    }
    if (step >= trainer.max_steps)
        say("already at step " + std::to_string(step) + " of max_steps " + std::to_string(trainer.max_steps));

    const at::Tensor alpha_bar = at::tensor(diffusion::make_diffusion_model(config.model, nets.net).schedule.alphas_cumprod(),
                                            at::kDouble).to(at::kFloat);
    TrainingConfig validation_config = config;
    validation_config.trainer.batch_size = trainer.sample_count;
    const TrainingBatch validation = make_batch(loaded, validation_config, -1);
    prepare_log(out / "log.csv", step);
    CheckpointWriter checkpoints(out, trainer);

    TrainingSummary summary;
    summary.first_step = step + 1;
    summary.max_steps = trainer.max_steps;
    const auto started = Clock::now();
    const double cpu_base = record.cpu_seconds - process_cpu_seconds();
    const std::vector<at::Tensor> params = nets.net.parameters();
    double interval_loss = 0.0;
    int64_t interval_steps = 0;
    auto interval_start = Clock::now();
    int64_t saved_step = step;
    BatchSource batches(loaded, config, step + 1);
    while (step < trainer.max_steps) {
        const double minutes = std::chrono::duration<double>(Clock::now() - started).count() / 60.0;
        if ((events.stop && events.stop->load()) ||
            (run.stop_after_steps && step - summary.first_step + 1 >= *run.stop_after_steps) ||
            (run.stop_after_minutes && minutes >= *run.stop_after_minutes))
            break;
        const auto step_start = Clock::now();
        const TrainingBatch batch = batches.next();
        ++step;
        optimizer.zero_grad();
        const double loss_value =
            backward_loss(nets.net, loss_inputs(config, alpha_bar, batch, device), trainer.batch_split);
        if (!std::isfinite(loss_value))
            throw Error("training stopped at step " + std::to_string(step) + ": the loss is " + std::to_string(loss_value) +
                        "; the last good checkpoint is step " + std::to_string(saved_step) + " in " +
                        (out / "latest.json").string() + " (resume from it with a lower learning_rate or grad_clip)");
        if (trainer.grad_clip > 0.0) torch::nn::utils::clip_grad_norm_(params, trainer.grad_clip);
        optimizer.step();
        {
            at::NoGradGuard no_grad;
            for (size_t i = 0; i < nets.ema.size(); ++i) {
                const double rate = ema_rate_at(trainer.ema_rates[i], step);
                const std::vector<at::Tensor> ema_params = nets.ema[i].parameters();
                for (size_t k = 0; k < params.size(); ++k) ema_params[k].mul_(rate).add_(params[k].detach(), 1.0 - rate);
            }
        }
        const double step_seconds = std::chrono::duration<double>(Clock::now() - step_start).count();
        summary.seconds += step_seconds;
        record.train_seconds += step_seconds;
        record.images_seen += trainer.batch_size;
        interval_loss += loss_value;
        ++interval_steps;
        if (events.on_step) events.on_step(step, trainer.max_steps, loss_value, trainer.batch_size / step_seconds);

        if (step % trainer.log_every == 0 || step == trainer.max_steps) {
            const double seconds = std::chrono::duration<double>(Clock::now() - interval_start).count();
            summary.last_loss = interval_loss / double(interval_steps);
            std::ofstream log(out / "log.csv", std::ios::app);
            log << step << ',' << summary.last_loss << ',' << double(interval_steps * trainer.batch_size) / seconds << ','
                << record.train_seconds << '\n';
            interval_loss = 0.0;
            interval_steps = 0;
            interval_start = Clock::now();
        }
        record.cpu_seconds = cpu_base + process_cpu_seconds();
        if (step % trainer.save_every == 0 || step == trainer.max_steps) {
            checkpoints.save(step, nets, optimizer, record);
            saved_step = step;
        }
        if (step % trainer.sample_every == 0 || step == trainer.max_steps)
            write_sample_grid(nets.ema.front(), config, validation, out / "samples" / (step_tag(step) + ".png"));
    }
    if (saved_step != step) checkpoints.save(step, nets, optimizer, record);
    summary.last_step = step;
    summary.finished = step >= trainer.max_steps;
    summary.train_seconds = record.train_seconds;
    summary.cpu_seconds = record.cpu_seconds;
    summary.images_seen = record.images_seen;
    if (interval_steps > 0) summary.last_loss = interval_loss / double(interval_steps);
    if (!record.checkpoints.empty()) summary.checkpoint = out / record.checkpoints.back().ema.front();
    return summary;
}

}  // namespace ivid::train
