<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
    <context>
        <name>App</name>
        <message>
            <source>PNG image (*.png)</source>
            <translation>PNG 图像 (*.png)</translation>
        </message>
        <message>
            <source>CSV table (*.csv)</source>
            <translation>CSV 表格 (*.csv)</translation>
        </message>
        <message>
            <source>Save {name}</source>
            <translation>保存 {name}</translation>
        </message>
        <message>
            <source>Entire Scene</source>
            <translation>整个场景</translation>
        </message>
        <message>
            <source>Plot</source>
            <translation>图</translation>
        </message>
        <message>
            <source>ViewBox</source>
            <translation>视图框</translation>
        </message>
        <message>
            <source>query {q}: true class [{y}] {name}</source>
            <translation>查询 {q}：真实类别 [{y}] {name}</translation>
        </message>
        <message>
            <source>Comparing…</source>
            <translation>正在对比…</translation>
        </message>
        <message>
            <source>Compare on this episode</source>
            <translation>在此回合上对比</translation>
        </message>
        <message>
            <source>Pick an episode first (tab Episode).</source>
            <translation>请先选择一个回合（“回合”标签页）。</translation>
        </message>
        <message>
            <source>Compare failed: {why}</source>
            <translation>对比失败：{why}</translation>
        </message>
        <message>
            <source>t = 0: no update yet</source>
            <translation>t = 0：尚未更新</translation>
        </message>
        <message>
            <source>{method} against:</source>
            <translation>{method} 对比：</translation>
        </message>
        <message>
            <source>; pretrained learner {name}</source>
            <translation>；预训练学习器 {name}</translation>
        </message>
        <message>
            <source>Cannot compare: {why}.</source>
            <translation>无法对比：{why}。</translation>
        </message>
        <message>
            <source>{origin} with {model}, computed in {s} s in the background{pretrained}. Query accuracy at t = {t}: </source>
            <translation>{origin}，模型 {model}，后台计算用时 {s} 秒{pretrained}。t = {t} 时的查询准确率：</translation>
        </message>
        <message>
            <source>left out: {why}</source>
            <translation>未包含：{why}</translation>
        </message>
        <message>
            <source>training</source>
            <translation>训练</translation>
        </message>
        <message>
            <source>validation</source>
            <translation>验证</translation>
        </message>
        <message>
            <source>test</source>
            <translation>测试</translation>
        </message>
        <message>
            <source>episode {n} · query acc {acc}% · loss {loss} · {names}</source>
            <translation>回合 {n} · 查询准确率 {acc}% · 损失 {loss} · {names}</translation>
        </message>
        <message>
            <source>{split} split, seed {seed}</source>
            <translation>{split}集，种子 {seed}</translation>
        </message>
        <message>
            <source>training episode {n}</source>
            <translation>训练回合 {n}</translation>
        </message>
        <message>
            <source>The training split of this run is not available.</source>
            <translation>此运行的训练划分不可用。</translation>
        </message>
        <message>
            <source>No data to draw from: start a run, or open a checkpoint whose data is available.</source>
            <translation>没有可抽取的数据：请开始一次运行，或打开一个数据可用的检查点。</translation>
        </message>
        <message>
            <source>{origin}: {n}-way {k}-shot, {q} queries per class</source>
            <translation>{origin}：{n} 类 {k} 样本，每类 {q} 个查询</translation>
        </message>
        <message>
            <source> · data of {source}</source>
            <translation> · 数据来自 {source}</translation>
        </message>
        <message>
            <source>Current run (while paused or after it ends)</source>
            <translation>当前运行（暂停时或结束后）</translation>
        </message>
        <message>
            <source>Open checkpoint</source>
            <translation>打开检查点</translation>
        </message>
        <message>
            <source>All files</source>
            <translation>所有文件</translation>
        </message>
        <message>
            <source>{name} (episode {n})</source>
            <translation>{name}（回合 {n}）</translation>
        </message>
        <message>
            <source>Checkpoints</source>
            <translation>检查点</translation>
        </message>
        <message>
            <source>Opening {name} and its data…</source>
            <translation>正在打开 {name} 及其数据…</translation>
        </message>
        <message>
            <source>Replaying {origin} with {model}…</source>
            <translation>正在用 {model} 回放 {origin}…</translation>
        </message>
        <message>
            <source>Replayed {origin} with {model} in {s} s.</source>
            <translation>已用 {model} 回放 {origin}，用时 {s} 秒。</translation>
        </message>
        <message>
            <source>Cannot replay: {why}.</source>
            <translation>无法回放：{why}。</translation>
        </message>
        <message>
            <source>Model from the followed run: {path} (episode {n}).</source>
            <translation>来自所跟随运行的模型：{path}（回合 {n}）。</translation>
        </message>
        <message>
            <source>Opened {name}.</source>
            <translation>已打开 {name}。</translation>
        </message>
        <message>
            <source>Export trace</source>
            <translation>导出轨迹</translation>
        </message>
        <message>
            <source>NumPy archive</source>
            <translation>NumPy 归档</translation>
        </message>
        <message>
            <source>Pick an episode, then press Replay episode.</source>
            <translation>选择一个回合，然后按“回放回合”。</translation>
        </message>
        <message>
            <source>Replaying…</source>
            <translation>正在回放…</translation>
        </message>
        <message>
            <source>Replay episode</source>
            <translation>回放回合</translation>
        </message>
        <message>
            <source>t = 0: θ_0 = c_0, no update yet</source>
            <translation>t = 0：θ_0 = c_0，尚未更新</translation>
        </message>
        <message>
            <source>{origin} with {model} — t = {t}: support loss {loss}, support accuracy {support}%, query accuracy {query}% (replayed in {s} s)</source>
            <translation>{origin}，模型 {model} — t = {t}：支持集损失 {loss}，支持集准确率 {support}%，查询准确率 {query}%（回放用时 {s} 秒）</translation>
        </message>
        <message>
            <source>= tie {p}</source>
            <translation>= 平局 {p}</translation>
        </message>
        <message>
            <source>true: {true}
predicted: {predicted} ({p}%)
p(true) = {q}%</source>
            <translation>真实：{true}
预测：{predicted}（{p}%）
p(真实) = {q}%</translation>
        </message>
        <message>
            <source>all classes tie: the argmax (counted in the accuracy) is class [1]</source>
            <translation>所有类别得分相同：计入准确率的 argmax 为类别 [1]</translation>
        </message>
        <message>
            <source>smoothed</source>
            <translation>平滑</translation>
        </message>
        <message>
            <source>raw</source>
            <translation>原始</translation>
        </message>
        <message>
            <source>episode {x} · accuracy {y} %</source>
            <translation>回合 {x} · 准确率 {y} %</translation>
        </message>
        <message>
            <source>last validation {acc} ± {ci} % (episode {n})</source>
            <translation>最近一次验证 {acc} ± {ci} %（第 {n} 回合）</translation>
        </message>
        <message>
            <source>best {acc} ± {ci} % (episode {n})</source>
            <translation>最佳 {acc} ± {ci} %（第 {n} 回合）</translation>
        </message>
        <message>
            <source>gate value in [{lo}, {hi})&lt;br&gt;density {d}</source>
            <translation>门值位于 [{lo}, {hi})&lt;br&gt;密度 {d}</translation>
        </message>
        <message>
            <source>episode {x} · gate value {y}</source>
            <translation>回合 {x} · 门值 {y}</translation>
        </message>
        <message>
            <source>episode {n}</source>
            <translation>回合 {n}</translation>
        </message>
        <message>
            <source>episodes {a}–{z}</source>
            <translation>回合 {a}–{z}</translation>
        </message>
        <message>
            <source>Input gate i&lt;sub&gt;t&lt;/sub&gt; (learning rate)</source>
            <translation>输入门 i&lt;sub&gt;t&lt;/sub&gt;（学习率）</translation>
        </message>
        <message>
            <source>Forget gate f&lt;sub&gt;t&lt;/sub&gt; (shrinkage)</source>
            <translation>遗忘门 f&lt;sub&gt;t&lt;/sub&gt;（收缩）</translation>
        </message>
        <message>
            <source>log10 density</source>
            <translation>log10 密度</translation>
        </message>
        <message>
            <source>density</source>
            <translation>密度</translation>
        </message>
        <message>
            <source>{gate} of {layer} over training</source>
            <translation>{layer} 层的{gate}随训练的变化</translation>
        </message>
        <message>
            <source>, {n} episodes per column</source>
            <translation>，每列 {n} 个回合</translation>
        </message>
        <message>
            <source>Checkpoint not saved: {reason}</source>
            <translation>检查点未保存：{reason}</translation>
        </message>
        <message>
            <source>Training paused: {reason}. Continuing would repeat the same episode: stop, and start a new run with a lower meta learning rate.</source>
            <translation>训练已暂停：{reason}。继续会重复同一个回合：请停止，并以更低的元学习率开始新的运行。</translation>
        </message>
        <message>
            <source>&lt;h3&gt;Meta-LSTM Explorer&lt;/h3&gt;
&lt;p&gt;Meta-Learner LSTM (Ravi &amp;amp; Larochelle, ICLR 2017): an LSTM &lt;i&gt;is&lt;/i&gt; the optimiser of a
small CNN learner. Its cell state holds the learner's parameters θ, updated per inner step as
θ&lt;sub&gt;t&lt;/sub&gt; = f&lt;sub&gt;t&lt;/sub&gt;·θ&lt;sub&gt;t−1&lt;/sub&gt; − i&lt;sub&gt;t&lt;/sub&gt;·∇L&lt;sub&gt;t&lt;/sub&gt;.&lt;br&gt;
The &lt;b&gt;input gate i&lt;sub&gt;t&lt;/sub&gt;&lt;/b&gt; is a learned, per-parameter learning rate.&lt;br&gt;
The &lt;b&gt;forget gate f&lt;sub&gt;t&lt;/sub&gt;&lt;/b&gt; is a learned weight decay (f = 1: keep θ; f &amp;lt; 1: shrink it).&lt;br&gt;
The initial cell state &lt;b&gt;c&lt;sub&gt;0&lt;/sub&gt;&lt;/b&gt; is a learned initialisation of the learner.&lt;br&gt;
Meta-training backpropagates the query loss after T inner steps into the gates and c&lt;sub&gt;0&lt;/sub&gt;.&lt;/p&gt;
</source>
            <translation>&lt;h3&gt;Meta-LSTM Explorer&lt;/h3&gt;
&lt;p&gt;Meta-Learner LSTM（Ravi &amp;amp; Larochelle, ICLR 2017）：一个 LSTM &lt;i&gt;就是&lt;/i&gt;小型 CNN 学习器的优化器。
它的细胞状态保存学习器的参数 θ，每个内循环步按
θ&lt;sub&gt;t&lt;/sub&gt; = f&lt;sub&gt;t&lt;/sub&gt;·θ&lt;sub&gt;t−1&lt;/sub&gt; − i&lt;sub&gt;t&lt;/sub&gt;·∇L&lt;sub&gt;t&lt;/sub&gt; 更新。&lt;br&gt;
&lt;b&gt;输入门 i&lt;sub&gt;t&lt;/sub&gt;&lt;/b&gt; 是学到的、逐参数的学习率。&lt;br&gt;
&lt;b&gt;遗忘门 f&lt;sub&gt;t&lt;/sub&gt;&lt;/b&gt; 是学到的权重衰减（f = 1：保留 θ；f &amp;lt; 1：收缩 θ）。&lt;br&gt;
初始细胞状态 &lt;b&gt;c&lt;sub&gt;0&lt;/sub&gt;&lt;/b&gt; 是学到的学习器初始化。&lt;br&gt;
元训练把 T 个内循环步之后的查询集损失反向传播到各个门和 c&lt;sub&gt;0&lt;/sub&gt;。&lt;/p&gt;
</translation>
        </message>
        <message>
            <source>&amp;Continue</source>
            <translation>继续(&amp;C)</translation>
        </message>
        <message>
            <source>&amp;Start</source>
            <translation>开始(&amp;S)</translation>
        </message>
        <message>
            <source>&amp;Resume</source>
            <translation>恢复(&amp;R)</translation>
        </message>
        <message>
            <source>&amp;Pause</source>
            <translation>暂停(&amp;P)</translation>
        </message>
        <message>
            <source>Cannot open config</source>
            <translation>无法打开配置</translation>
        </message>
        <message>
            <source>Stopped following the run</source>
            <translation>已停止跟随该运行</translation>
        </message>
        <message>
            <source>Checkpoints (*.pt);;All files (*)</source>
            <translation>检查点 (*.pt);;所有文件 (*)</translation>
        </message>
        <message>
            <source>Cannot open checkpoint</source>
            <translation>无法打开检查点</translation>
        </message>
        <message>
            <source>Continue training</source>
            <translation>继续训练</translation>
        </message>
        <message>
            <source>Open run folder</source>
            <translation>打开运行文件夹</translation>
        </message>
        <message>
            <source>Cannot open run folder</source>
            <translation>无法打开运行文件夹</translation>
        </message>
        <message>
            <source>Export metrics CSV</source>
            <translation>导出指标 CSV</translation>
        </message>
        <message>
            <source>CSV (*.csv)</source>
            <translation>CSV (*.csv)</translation>
        </message>
        <message>
            <source>Export failed</source>
            <translation>导出失败</translation>
        </message>
        <message>
            <source>Loaded {path}: {n} episodes</source>
            <translation>已载入 {path}：{n} 个回合</translation>
        </message>
        <message>
            <source>Metrics written to {path}</source>
            <translation>指标已写入 {path}</translation>
        </message>
        <message>
            <source>This checkpoint finished its {n} episodes. Continue until episode:</source>
            <translation>此检查点已完成其 {n} 个回合。继续训练至第几回合：</translation>
        </message>
        <message>
            <source>Following {folder}: episode {n}</source>
            <translation>正在跟随 {folder}：第 {n} 回合</translation>
        </message>
        <message>
            <source>cannot write {path}: {why}</source>
            <translation>无法写入 {path}：{why}</translation>
        </message>
        <message>
            <source>Ready: {name} — {way}-way {shot}-shot on {data}, {episodes} episodes. Press Start (F5) to continue.</source>
            <translation>就绪：{name} — 在 {data} 上进行 {way}-way {shot}-shot，共 {episodes} 个回合。按“开始”(F5) 继续。</translation>
        </message>
        <message>
            <source>Ready: {name} — {way}-way {shot}-shot on {data}, {episodes} episodes. Press Start (F5) to train.</source>
            <translation>就绪：{name} — 在 {data} 上进行 {way}-way {shot}-shot，共 {episodes} 个回合。按“开始”(F5) 开始训练。</translation>
        </message>
        <message>
            <source>embedded Omniglot</source>
            <translation>内置 Omniglot</translation>
        </message>
        <message>
            <source>About {app}</source>
            <translation>关于 {app}</translation>
        </message>
        <message>
            <source>Training failed</source>
            <translation>训练失败</translation>
        </message>
        <message>
            <source>Checkpoint</source>
            <translation>检查点</translation>
        </message>
        <message>
            <source>Training paused</source>
            <translation>训练已暂停</translation>
        </message>
        <message>
            <source>Loading data and building the models… (run folder {path})</source>
            <translation>正在载入数据并构建模型…（运行文件夹 {path}）</translation>
        </message>
        <message>
            <source>Checkpoint saved: {path}</source>
            <translation>检查点已保存：{path}</translation>
        </message>
        <message>
            <source>Save config as YAML</source>
            <translation>将配置保存为 YAML</translation>
        </message>
        <message>
            <source>YAML config (*.yaml *.yml)</source>
            <translation>YAML 配置 (*.yaml *.yml)</translation>
        </message>
        <message>
            <source>Dataset folder</source>
            <translation>数据集文件夹</translation>
        </message>
        <message>
            <source>Run folder</source>
            <translation>运行文件夹</translation>
        </message>
        <message>
            <source>Open config</source>
            <translation>打开配置</translation>
        </message>
        <message>
            <source>YAML config (*.yaml *.yml);;All files (*)</source>
            <translation>YAML 配置 (*.yaml *.yml);;所有文件 (*)</translation>
        </message>
        <message>
            <source>(current: {name})</source>
            <translation>（当前：{name}）</translation>
        </message>
        <message>
            <source>Run finished</source>
            <translation>运行完成</translation>
        </message>
        <message>
            <source>Run stopped</source>
            <translation>运行已停止</translation>
        </message>
        <message>
            <source>Run failed</source>
            <translation>运行失败</translation>
        </message>
        <message>
            <source>{n} episodes</source>
            <translation>{n} 个回合</translation>
        </message>
        <message>
            <source>{n} episode</source>
            <translation>{n} 个回合</translation>
        </message>
        <message>
            <source>.</source>
            <translation>。</translation>
        </message>
        <message>
            <source>episodes {first}→{last} of {total}</source>
            <translation>回合 {first}→{last}，共 {total}</translation>
        </message>
        <message>
            <source>no validation yet</source>
            <translation>尚未验证</translation>
        </message>
        <message>
            <source>Start (F5) continues it.</source>
            <translation>按“开始”(F5) 可继续。</translation>
        </message>
        <message>
            <source>{ending}: {done} ({span}) in {time}</source>
            <translation>{ending}：{done}（{span}），用时 {time}</translation>
        </message>
        <message>
            <source>, </source>
            <translation>，</translation>
        </message>
        <message>
            <source>best validation {value} @ {episode}</source>
            <translation>最佳验证 {value} @ {episode}</translation>
        </message>
        <message>
            <source>Folder: {path}</source>
            <translation>文件夹：{path}</translation>
        </message>
        <message>
            <source>idle</source>
            <translation>空闲</translation>
        </message>
        <message>
            <source>starting</source>
            <translation>启动中</translation>
        </message>
        <message>
            <source>running</source>
            <translation>运行中</translation>
        </message>
        <message>
            <source>paused</source>
            <translation>已暂停</translation>
        </message>
        <message>
            <source>stopping</source>
            <translation>停止中</translation>
        </message>
        <message>
            <source>{n} threads</source>
            <translation>{n} 个线程</translation>
        </message>
        <message>
            <source>{n} thread</source>
            <translation>{n} 个线程</translation>
        </message>
        <message>
            <source>{rate} ep/s</source>
            <translation>{rate} 回合/秒</translation>
        </message>
        <message>
            <source>ETA {time}</source>
            <translation>剩余 {time}</translation>
        </message>
        <message>
            <source>meta-lr {lr}</source>
            <translation>元学习率 {lr}</translation>
        </message>
        <message>
            <source>best val {value}</source>
            <translation>最佳验证 {value}</translation>
        </message>
        <message>
            <source>{n} image</source>
            <translation>{n} 张图像</translation>
        </message>
        <message>
            <source>{n} images</source>
            <translation>{n} 张图像</translation>
        </message>
        <message>
            <source>class '{name}' has no images: add some or remove the class</source>
            <translation>类别“{name}”没有图像：请添加一些或删除该类别</translation>
        </message>
        <message>
            <source>class '{name}' has only {n} image, fewer than K = {k}: all are support images, none a query</source>
            <translation>类别“{name}”只有 {n} 张图像，少于 K = {k}：全部用作支持图像，没有查询</translation>
        </message>
        <message>
            <source>class '{name}' has only {n} images, fewer than K = {k}: all are support images, none a query</source>
            <translation>类别“{name}”只有 {n} 张图像，少于 K = {k}：全部用作支持图像，没有查询</translation>
        </message>
        <message>
            <source>{k} support · {q} query</source>
            <translation>{k} 张支持 · {q} 张查询</translation>
        </message>
        <message>
            <source>Nothing to undo.</source>
            <translation>没有可撤销的操作。</translation>
        </message>
        <message>
            <source>Saved {n} class to {root}.</source>
            <translation>已将 {n} 个类别保存到 {root}。</translation>
        </message>
        <message>
            <source>Saved {n} classes to {root}.</source>
            <translation>已将 {n} 个类别保存到 {root}。</translation>
        </message>
        <message>
            <source>Opened {n} drawn class from {root}.</source>
            <translation>已从 {root} 打开 {n} 个手绘类别。</translation>
        </message>
        <message>
            <source>Opened {n} drawn classes from {root}.</source>
            <translation>已从 {root} 打开 {n} 个手绘类别。</translation>
        </message>
        <message>
            <source>Save the drawn set in (empty) folder</source>
            <translation>将手绘集保存到（空）文件夹</translation>
        </message>
        <message>
            <source>Open a saved drawn set</source>
            <translation>打开已保存的手绘集</translation>
        </message>
        <message>
            <source>no model</source>
            <translation>无模型</translation>
        </message>
        <message>
            <source>Draw a character first, then add it.</source>
            <translation>请先画一个字符，再添加。</translation>
        </message>
        <message>
            <source>add at least 2 classes (there is {n})</source>
            <translation>至少添加 2 个类别（现有 {n} 个）</translation>
        </message>
        <message>
            <source>Classifying…</source>
            <translation>正在分类…</translation>
        </message>
        <message>
            <source>Adapt and classify</source>
            <translation>适应并分类</translation>
        </message>
        <message>
            <source>Folder of one class's images</source>
            <translation>某一类别的图像文件夹</translation>
        </message>
        <message>
            <source>Folder of class folders</source>
            <translation>包含各类别文件夹的文件夹</translation>
        </message>
        <message>
            <source>Images of one class</source>
            <translation>某一类别的图像</translation>
        </message>
        <message>
            <source>Unlabelled query images</source>
            <translation>未标注的查询图像</translation>
        </message>
        <message>
            <source>Export results</source>
            <translation>导出结果</translation>
        </message>
        <message>
            <source>a class has no name</source>
            <translation>有一个类别没有名称</translation>
        </message>
        <message>
            <source>add at least 2 classes (there are {n})</source>
            <translation>至少添加 2 个类别（现有 {n} 个）</translation>
        </message>
        <message>
            <source>Loading images…</source>
            <translation>正在载入图像…</translation>
        </message>
        <message>
            <source>Ready: {n} classes, K = {k}, {q} queries.</source>
            <translation>就绪：{n} 个类别，K = {k}，{q} 个查询。</translation>
        </message>
        <message>
            <source>Still loading images: try again in a moment.</source>
            <translation>仍在载入图像：请稍后再试。</translation>
        </message>
        <message>
            <source>Done in {s} s.</source>
            <translation>完成，用时 {s} 秒。</translation>
        </message>
        <message>
            <source>Classification failed: {why}</source>
            <translation>分类失败：{why}</translation>
        </message>
        <message>
            <source>{n} file(s) skipped (not images, or unreadable):</source>
            <translation>跳过了 {n} 个文件（不是图像或无法读取）：</translation>
        </message>
        <message>
            <source>two classes are named {names}: rename one</source>
            <translation>有两个类别都叫 {names}：请重命名其中一个</translation>
        </message>
        <message>
            <source>no query images: every image is a support image at K = {k}; add more images or unlabelled queries</source>
            <translation>没有查询图像：K = {k} 时所有图像都是支持图像；请添加更多图像或无标签查询</translation>
        </message>
        <message>
            <source>; </source>
            <translation>；</translation>
        </message>
        <message>
            <source>Cannot classify: {why}</source>
            <translation>无法分类：{why}</translation>
        </message>
        <message>
            <source>Images</source>
            <translation>图像</translation>
        </message>
        <message>
            <source>skipped: {name}</source>
            <translation>已跳过：{name}</translation>
        </message>
        <message>
            <source>Cannot classify yet: {why}.</source>
            <translation>尚不能分类：{why}。</translation>
        </message>
        <message>
            <source>Cannot write {path}: {reason}</source>
            <translation>无法写入 {path}：{reason}</translation>
        </message>
        <message>
            <source>predicted {name}</source>
            <translation>预测为 {name}</translation>
        </message>
        <message>
            <source>Opened the images of {root} (no strokes to edit).</source>
            <translation>已打开 {root} 中的图像（没有可编辑的笔画）。</translation>
        </message>
        <message>
            <source>Cannot load examples: {reason}</source>
            <translation>无法加载示例：{reason}</translation>
        </message>
        <message>
            <source>&amp;About</source>
            <translation>关于(&amp;A)</translation>
        </message>
        <message>
            <source>&amp;Export metrics CSV…</source>
            <translation>导出指标 CSV(&amp;E)…</translation>
        </message>
        <message>
            <source>&amp;File</source>
            <translation>文件(&amp;F)</translation>
        </message>
        <message>
            <source>&amp;Help</source>
            <translation>帮助(&amp;H)</translation>
        </message>
        <message>
            <source>&amp;Language</source>
            <translation>语言(&amp;L)</translation>
        </message>
        <message>
            <source>&amp;Monitor</source>
            <translation>监视(&amp;M)</translation>
        </message>
        <message>
            <source>&amp;New run…</source>
            <translation>新建运行(&amp;N)…</translation>
        </message>
        <message>
            <source>&amp;Open checkpoint…</source>
            <translation>打开检查点(&amp;O)…</translation>
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation>退出(&amp;Q)</translation>
        </message>
        <message>
            <source>&amp;Reset layout</source>
            <translation>重置布局(&amp;R)</translation>
        </message>
        <message>
            <source>&amp;Run</source>
            <translation>运行(&amp;R)</translation>
        </message>
        <message>
            <source>&amp;Save checkpoint</source>
            <translation>保存检查点(&amp;S)</translation>
        </message>
        <message>
            <source>&amp;View</source>
            <translation>视图(&amp;V)</translation>
        </message>
        <message>
            <source>1 button</source>
            <translation>单键</translation>
        </message>
        <message>
            <source>3 button</source>
            <translation>三键</translation>
        </message>
        <message>
            <source>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;Automatically resize this axis whenever the displayed data is changed.&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</source>
            <translation>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;显示的数据变化时自动调整此坐标轴的范围。&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</translation>
        </message>
        <message>
            <source>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;Enables mouse interaction (panning, scaling) for this axis.&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</source>
            <translation>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;允许用鼠标操作此坐标轴（平移、缩放）。&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</translation>
        </message>
        <message>
            <source>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;Inverts the display of this axis. (+y points downward instead of upward)&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</source>
            <translation>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;反转此坐标轴的显示方向（+y 朝下而不是朝上）。&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</translation>
        </message>
        <message>
            <source>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;Links this axis with another view. When linked, both views will display the same data range.&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</source>
            <translation>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;将此坐标轴与另一视图关联。关联后，两个视图显示相同的数据范围。&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</translation>
        </message>
        <message>
            <source>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;Maximum value to display for this axis.&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</source>
            <translation>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;此坐标轴显示的最大值。&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</translation>
        </message>
        <message>
            <source>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;Minimum value to display for this axis.&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</source>
            <translation>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;此坐标轴显示的最小值。&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</translation>
        </message>
        <message>
            <source>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;Percent of data to be visible when auto-scaling. It may be useful to decrease this value for data with spiky noise.&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</source>
            <translation>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;自动缩放时可见数据的百分比。数据有尖峰噪声时，调低此值可能有用。&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</translation>
        </message>
        <message>
            <source>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;Set the range for this axis manually. This disables automatic scaling. &lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</source>
            <translation>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;手动设置此坐标轴的范围。这会关闭自动缩放。&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</translation>
        </message>
        <message>
            <source>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;When checked, the axis will automatically pan to center on the current data, but the scale along this axis will not change.&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</source>
            <translation>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;选中后，坐标轴会自动平移以使当前数据居中，但此坐标轴的比例不变。&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</translation>
        </message>
        <message>
            <source>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;When checked, the axis will only auto-scale to data that is visible along the orthogonal axis.&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</source>
            <translation>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;选中后，坐标轴只按正交轴方向上可见的数据自动缩放。&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</translation>
        </message>
        <message>
            <source>A drawn set saved here, or any saved task folder</source>
            <translation>在此保存的手绘集，或任意已保存的任务文件夹</translation>
        </message>
        <message>
            <source>A folder of class folders</source>
            <translation>包含各类别子文件夹的文件夹</translation>
        </message>
        <message>
            <source>A folder of images; its name becomes the class name</source>
            <translation>一个图像文件夹；文件夹名即类别名</translation>
        </message>
        <message>
            <source>A task folder: support/&lt;class&gt;/, query/&lt;class&gt;/, unlabelled/ PNGs (what main.py classify reads) and strokes.json (to open it here again)</source>
            <translation>任务文件夹：support/&lt;class&gt;/、query/&lt;class&gt;/、unlabelled/ 中的 PNG（main.py classify 读取的格式）以及 strokes.json（用于在此再次打开）</translation>
        </message>
        <message>
            <source>Ablations:</source>
            <translation>消融：</translation>
        </message>
        <message>
            <source>Accuracy</source>
            <translation>准确率</translation>
        </message>
        <message>
            <source>Accuracy at θ&lt;sub&gt;t&lt;/sub&gt;</source>
            <translation>θ&lt;sub&gt;t&lt;/sub&gt; 处的准确率</translation>
        </message>
        <message>
            <source>Accuracy per class</source>
            <translation>各类别准确率</translation>
        </message>
        <message>
            <source>Adam's rate for the last meta-update (config meta_lr, meta_lr_hold, meta_lr_halflife)</source>
            <translation>最近一次元更新的 Adam 学习率（配置项 meta_lr、meta_lr_hold、meta_lr_halflife）</translation>
        </message>
        <message>
            <source>Adapt the picked episode with the meta-learner and each ticked method (in the background) and show them side by side</source>
            <translation>用元学习器和每个勾选的方法（在后台）适应所选回合，并排显示结果</translation>
        </message>
        <message>
            <source>Add class from folder…</source>
            <translation>从文件夹添加类别…</translation>
        </message>
        <message>
            <source>Add drawing</source>
            <translation>添加手绘</translation>
        </message>
        <message>
            <source>Add images as a class…</source>
            <translation>将图像添加为一个类别…</translation>
        </message>
        <message>
            <source>Add the drawing to the class (Enter) [Return]</source>
            <translation>将手绘加入该类别（Enter）[Return]</translation>
        </message>
        <message>
            <source>Add unlabelled queries…</source>
            <translation>添加无标签查询…</translation>
        </message>
        <message>
            <source>Alpha</source>
            <translation>透明度</translation>
        </message>
        <message>
            <source>As Omniglot:</source>
            <translation>按 Omniglot 处理：</translation>
        </message>
        <message>
            <source>Auto</source>
            <translation>自动</translation>
        </message>
        <message>
            <source>Auto Pan Only</source>
            <translation>仅自动平移</translation>
        </message>
        <message>
            <source>Automatically downsample data based on the visible range. This assumes X values are uniformly spaced.</source>
            <translation>根据可见范围自动降采样数据。这假定 X 值是等间距的。</translation>
        </message>
        <message>
            <source>Average</source>
            <translation>平均</translation>
        </message>
        <message>
            <source>Browse…</source>
            <translation>浏览…</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Choose a preset and edit the run's config</source>
            <translation>选择预设并编辑本次运行的配置</translation>
        </message>
        <message>
            <source>Class name (rename here)</source>
            <translation>类别名（在此重命名）</translation>
        </message>
        <message>
            <source>Class separation</source>
            <translation>类别分离度</translation>
        </message>
        <message>
            <source>Classes</source>
            <translation>类别</translation>
        </message>
        <message>
            <source>Clear</source>
            <translation>清除</translation>
        </message>
        <message>
            <source>Click a row to move the replay to that step</source>
            <translation>点击某一行，将回放移到该步</translation>
        </message>
        <message>
            <source>Click a thumbnail to see what the model sees.</source>
            <translation>点击缩略图，查看模型看到的图像。</translation>
        </message>
        <message>
            <source>Clip to View</source>
            <translation>裁剪到视图</translation>
        </message>
        <message>
            <source>Compare methods ▶</source>
            <translation>对比方法 ▶</translation>
        </message>
        <message>
            <source>Confusion (rows: true, columns: predicted) — click a cell</source>
            <translation>混淆矩阵（行：真实，列：预测）— 点击单元格</translation>
        </message>
        <message>
            <source>Continue training from a checkpoint</source>
            <translation>从检查点继续训练</translation>
        </message>
        <message>
            <source>Dataset</source>
            <translation>数据集</translation>
        </message>
        <message>
            <source>Dataset path</source>
            <translation>数据集路径</translation>
        </message>
        <message>
            <source>Display averages of the curves displayed in this plot. The parameter list allows you to choose parameters to average over (if any are available).</source>
            <translation>显示此图中各曲线的平均值。参数列表可选择对哪些参数求平均（如果有的话）。</translation>
        </message>
        <message>
            <source>Downsample</source>
            <translation>降采样</translation>
        </message>
        <message>
            <source>Downsample by drawing a saw wave that follows the min and max of the original data. This method produces the best visual representation of the data but is slower.</source>
            <translation>绘制跟随原始数据最小值和最大值的锯齿波来降采样。此方法的视觉效果最好，但较慢。</translation>
        </message>
        <message>
            <source>Downsample by taking the first of N samples. This method is fastest and least accurate.</source>
            <translation>取每 N 个样本中的第一个来降采样。此方法最快，但最不精确。</translation>
        </message>
        <message>
            <source>Downsample by taking the mean of N samples.</source>
            <translation>取每 N 个样本的平均值来降采样。</translation>
        </message>
        <message>
            <source>Downsample data before plotting. (plot every Nth sample)</source>
            <translation>绘图前先降采样数据（每 N 个样本绘制一个）。</translation>
        </message>
        <message>
            <source>Draw</source>
            <translation>手绘</translation>
        </message>
        <message>
            <source>Draw for:</source>
            <translation>手绘归入：</translation>
        </message>
        <message>
            <source>Draw from a split</source>
            <translation>从数据划分中抽取</translation>
        </message>
        <message>
            <source>Draw one character here with the mouse, a pen or a finger</source>
            <translation>用鼠标、手写笔或手指在此画一个字符</translation>
        </message>
        <message>
            <source>Draw the images as small sprites at their points</source>
            <translation>在各点处以小图显示图像</translation>
        </message>
        <message>
            <source>Draw your own characters: K examples of each new class, and queries</source>
            <translation>画你自己的字符：每个新类别 K 个样例，以及查询图像</translation>
        </message>
        <message>
            <source>Drop image files or folders here: a folder becomes a class named after it, a folder of class folders loads them all. Drop onto a card to add images to that class.&lt;br&gt;&lt;br&gt;No images of your own? &lt;a href='examples'&gt;Load examples&lt;/a&gt; (Omniglot characters no model has seen in training) or &lt;a href='draw'&gt;draw your own characters&lt;/a&gt;.</source>
            <translation>把图像文件或文件夹拖到这里：一个文件夹成为以其命名的类别，包含类别子文件夹的文件夹会全部载入。拖到卡片上可向该类别添加图像。&lt;br&gt;&lt;br&gt;没有自己的图像？&lt;a href='examples'&gt;载入示例&lt;/a&gt;（任何模型在训练中都没见过的 Omniglot 字符）或&lt;a href='draw'&gt;画你自己的字符&lt;/a&gt;。</translation>
        </message>
        <message>
            <source>E&amp;xplore</source>
            <translation>探索(&amp;X)</translation>
        </message>
        <message>
            <source>ETA –</source>
            <translation>剩余 –</translation>
        </message>
        <message>
            <source>Episode</source>
            <translation>回合</translation>
        </message>
        <message>
            <source>Episodes</source>
            <translation>回合数</translation>
        </message>
        <message>
            <source>Episodes, replay, inspector and try-it large (Ctrl+2)</source>
            <translation>放大显示回合、回放、检查器和试一试（Ctrl+2）</translation>
        </message>
        <message>
            <source>Explore</source>
            <translation>探索</translation>
        </message>
        <message>
            <source>Export</source>
            <translation>导出</translation>
        </message>
        <message>
            <source>Export CSV…</source>
            <translation>导出 CSV…</translation>
        </message>
        <message>
            <source>Export trace (.npz)…</source>
            <translation>导出轨迹 (.npz)…</translation>
        </message>
        <message>
            <source>Export...</source>
            <translation>导出...</translation>
        </message>
        <message>
            <source>Forget gate f&lt;sub&gt;t&lt;/sub&gt; (shrinkage) in the latest episode</source>
            <translation>最新回合中的遗忘门 f&lt;sub&gt;t&lt;/sub&gt;（收缩）</translation>
        </message>
        <message>
            <source>Forget gate f&lt;sub&gt;t&lt;/sub&gt; (shrinkage) over training</source>
            <translation>遗忘门 f&lt;sub&gt;t&lt;/sub&gt;（收缩）随训练的变化</translation>
        </message>
        <message>
            <source>Forget gate f&lt;sub&gt;t&lt;/sub&gt; per layer (1: keep θ)</source>
            <translation>各层遗忘门 f&lt;sub&gt;t&lt;/sub&gt;（1：保留 θ）</translation>
        </message>
        <message>
            <source>Forget gate f&lt;sub&gt;t&lt;/sub&gt;, update θ&lt;sub&gt;t−1&lt;/sub&gt; → θ&lt;sub&gt;t&lt;/sub&gt;</source>
            <translation>遗忘门 f&lt;sub&gt;t&lt;/sub&gt;，更新 θ&lt;sub&gt;t−1&lt;/sub&gt; → θ&lt;sub&gt;t&lt;/sub&gt;</translation>
        </message>
        <message>
            <source>Forget hidden traces</source>
            <translation>丢弃隐藏的曲线</translation>
        </message>
        <message>
            <source>Gate value</source>
            <translation>门值</translation>
        </message>
        <message>
            <source>Gate value on [0, 1], or the log-odds axis, which spreads gates piled up near 0 or 1 (labels stay gate values). Auto picks the log-odds axis when most coordinates sit in an end bin or the values fit in two bins.</source>
            <translation>门值取 [0, 1] 轴，或对数几率轴：后者能把堆积在 0 或 1 附近的门值展开（刻度仍标门值）。当多数坐标落在端部分箱、或数值只占两个分箱时，“自动”会选用对数几率轴。</translation>
        </message>
        <message>
            <source>Gates</source>
            <translation>门</translation>
        </message>
        <message>
            <source>Grid</source>
            <translation>网格</translation>
        </message>
        <message>
            <source>How it works</source>
            <translation>工作原理</translation>
        </message>
        <message>
            <source>How many characters (classes)</source>
            <translation>字符（类别）个数</translation>
        </message>
        <message>
            <source>If MaxTraces is checked, remove curves from memory after they are hidden (saves memory, but traces can not be un-hidden).</source>
            <translation>若选中“最大曲线数”，曲线隐藏后即从内存中移除（节省内存，但无法再显示）。</translation>
        </message>
        <message>
            <source>If multiple curves are displayed in this plot, check "Max Traces" and set this value to limit the number of traces that are displayed.</source>
            <translation>若此图中显示多条曲线，选中“最大曲线数”并设置此值以限制显示的曲线数量。</translation>
        </message>
        <message>
            <source>If multiple curves are displayed in this plot, check this box to limit the number of traces that are displayed.</source>
            <translation>若此图中显示多条曲线，选中此框以限制显示的曲线数量。</translation>
        </message>
        <message>
            <source>Images to classify without a known class</source>
            <translation>类别未知、待分类的图像</translation>
        </message>
        <message>
            <source>Index of the coordinate within the layer</source>
            <translation>该坐标在层内的索引</translation>
        </message>
        <message>
            <source>Inner batch (0 = whole support set)</source>
            <translation>内循环批大小（0 = 整个支持集）</translation>
        </message>
        <message>
            <source>Inner steps T</source>
            <translation>内循环步数 T</translation>
        </message>
        <message>
            <source>Input gate i&lt;sub&gt;t&lt;/sub&gt; (learning rate) in the latest episode</source>
            <translation>最新回合中的输入门 i&lt;sub&gt;t&lt;/sub&gt;（学习率）</translation>
        </message>
        <message>
            <source>Input gate i&lt;sub&gt;t&lt;/sub&gt; (learning rate) over training</source>
            <translation>输入门 i&lt;sub&gt;t&lt;/sub&gt;（学习率）随训练的变化</translation>
        </message>
        <message>
            <source>Input gate i&lt;sub&gt;t&lt;/sub&gt; (learning rate), update θ&lt;sub&gt;t−1&lt;/sub&gt; → θ&lt;sub&gt;t&lt;/sub&gt;</source>
            <translation>输入门 i&lt;sub&gt;t&lt;/sub&gt;（学习率），更新 θ&lt;sub&gt;t−1&lt;/sub&gt; → θ&lt;sub&gt;t&lt;/sub&gt;</translation>
        </message>
        <message>
            <source>Input gate i&lt;sub&gt;t&lt;/sub&gt; and 1 − f&lt;sub&gt;t&lt;/sub&gt; (0: plain SGD)</source>
            <translation>输入门 i&lt;sub&gt;t&lt;/sub&gt; 与 1 − f&lt;sub&gt;t&lt;/sub&gt;（0：普通 SGD）</translation>
        </message>
        <message>
            <source>Input gate i&lt;sub&gt;t&lt;/sub&gt; per layer (learning rate)</source>
            <translation>各层输入门 i&lt;sub&gt;t&lt;/sub&gt;（学习率）</translation>
        </message>
        <message>
            <source>Input gate i&lt;sub&gt;t&lt;/sub&gt; per layer (the learned cell)</source>
            <translation>各层输入门 i&lt;sub&gt;t&lt;/sub&gt;（学到的单元）</translation>
        </message>
        <message>
            <source>Inspector</source>
            <translation>检查器</translation>
        </message>
        <message>
            <source>Invert Axis</source>
            <translation>反转坐标轴</translation>
        </message>
        <message>
            <source>K (support images per class)</source>
            <translation>K（每类支持图像数）</translation>
        </message>
        <message>
            <source>K-shot (support images per class)</source>
            <translation>K-shot（每类支持图像数）</translation>
        </message>
        <message>
            <source>K: support images per class</source>
            <translation>K：每类支持图像数</translation>
        </message>
        <message>
            <source>Labelled queries per class (K + queries ≤ 20)</source>
            <translation>每类带标签查询数（K + 查询数 ≤ 20）</translation>
        </message>
        <message>
            <source>Largest change</source>
            <translation>变化最大</translation>
        </message>
        <message>
            <source>Layer</source>
            <translation>层</translation>
        </message>
        <message>
            <source>Learner filters</source>
            <translation>学习器滤波器数</translation>
        </message>
        <message>
            <source>Learner layer whose gate distribution the heatmaps show</source>
            <translation>热图显示其门值分布的学习器层</translation>
        </message>
        <message>
            <source>Learner's support loss in the latest episode</source>
            <translation>最新回合中学习器的支持集损失</translation>
        </message>
        <message>
            <source>Link Axis:</source>
            <translation>关联坐标轴：</translation>
        </message>
        <message>
            <source>Load examples</source>
            <translation>载入示例</translation>
        </message>
        <message>
            <source>Load folder of classes…</source>
            <translation>载入类别文件夹…</translation>
        </message>
        <message>
            <source>Log</source>
            <translation>日志</translation>
        </message>
        <message>
            <source>Log X</source>
            <translation>对数 X</translation>
        </message>
        <message>
            <source>Log Y</source>
            <translation>对数 Y</translation>
        </message>
        <message>
            <source>Log colour scale</source>
            <translation>对数色标</translation>
        </message>
        <message>
            <source>Log y</source>
            <translation>对数 y 轴</translation>
        </message>
        <message>
            <source>Log-odds</source>
            <translation>对数几率</translation>
        </message>
        <message>
            <source>Logarithmic loss axis</source>
            <translation>对数损失轴</translation>
        </message>
        <message>
            <source>Loss</source>
            <translation>损失</translation>
        </message>
        <message>
            <source>Loss at θ&lt;sub&gt;t&lt;/sub&gt;</source>
            <translation>θ&lt;sub&gt;t&lt;/sub&gt; 处的损失</translation>
        </message>
        <message>
            <source>Manual</source>
            <translation>手动</translation>
        </message>
        <message>
            <source>Max Traces:</source>
            <translation>最大曲线数：</translation>
        </message>
        <message>
            <source>Mean</source>
            <translation>平均值</translation>
        </message>
        <message>
            <source>Meta learning rate</source>
            <translation>元学习率</translation>
        </message>
        <message>
            <source>Meta-LR half-life (updates, 0 = constant)</source>
            <translation>元学习率半衰期（更新次数，0 = 恒定）</translation>
        </message>
        <message>
            <source>Meta-training loss (query set, at θ_T)</source>
            <translation>元训练损失（查询集，θ_T 处）</translation>
        </message>
        <message>
            <source>Model sees:</source>
            <translation>模型看到：</translation>
        </message>
        <message>
            <source>Model:</source>
            <translation>模型：</translation>
        </message>
        <message>
            <source>Mouse Enabled</source>
            <translation>启用鼠标</translation>
        </message>
        <message>
            <source>Mouse Mode</source>
            <translation>鼠标模式</translation>
        </message>
        <message>
            <source>N characters at random from Omniglot's evaluation alphabets (never seen in training), K support images and labelled queries each; from the data the app ships. Replaces the classes loaded from files; drawn classes stay.</source>
            <translation>从 Omniglot 评估字母表（训练中从未见过）中随机抽取 N 个字符，每个字符取 K 张支持图像和带标签的查询图像；数据随本应用提供。会替换从文件载入的类别；手绘类别保留。</translation>
        </message>
        <message>
            <source>N-way (classes per episode)</source>
            <translation>N-way（每回合类别数）</translation>
        </message>
        <message>
            <source>N: classes in the episode</source>
            <translation>N：回合中的类别数</translation>
        </message>
        <message>
            <source>New class</source>
            <translation>新类别</translation>
        </message>
        <message>
            <source>Next seed</source>
            <translation>下一个种子</translation>
        </message>
        <message>
            <source>No episode yet: train a few episodes, or open a checkpoint and draw one from its data.</source>
            <translation>还没有回合：先训练几个回合，或打开检查点并从其数据中抽取一个。</translation>
        </message>
        <message>
            <source>No images of your own? Load examples, or draw characters in the Draw tab.</source>
            <translation>没有自己的图像？载入示例，或在“手绘”标签页中画字符。</translation>
        </message>
        <message>
            <source>No results yet.</source>
            <translation>尚无结果。</translation>
        </message>
        <message>
            <source>Opacity</source>
            <translation>不透明度</translation>
        </message>
        <message>
            <source>Open &amp;run folder…</source>
            <translation>打开运行文件夹(&amp;R)…</translation>
        </message>
        <message>
            <source>Open checkpoint…</source>
            <translation>打开检查点…</translation>
        </message>
        <message>
            <source>Open drawn set…</source>
            <translation>打开手绘集…</translation>
        </message>
        <message>
            <source>Other YAML file…</source>
            <translation>其他 YAML 文件…</translation>
        </message>
        <message>
            <source>PC 1</source>
            <translation>主成分 1</translation>
        </message>
        <message>
            <source>PC 2</source>
            <translation>主成分 2</translation>
        </message>
        <message>
            <source>Pause / resume training</source>
            <translation>暂停 / 恢复训练</translation>
        </message>
        <message>
            <source>Peak</source>
            <translation>峰值</translation>
        </message>
        <message>
            <source>Penultimate features at θ&lt;sub&gt;t&lt;/sub&gt;, PCA of the episode</source>
            <translation>θ&lt;sub&gt;t&lt;/sub&gt; 处的倒数第二层特征，本回合的 PCA</translation>
        </message>
        <message>
            <source>Pick an episode, tick methods, then press Compare.</source>
            <translation>选择一个回合，勾选方法，然后按“对比”。</translation>
        </message>
        <message>
            <source>Pick image files for a new class</source>
            <translation>为新类别选择图像文件</translation>
        </message>
        <message>
            <source>Play</source>
            <translation>播放</translation>
        </message>
        <message>
            <source>Plot Options</source>
            <translation>绘图选项</translation>
        </message>
        <message>
            <source>Plot only the portion of each curve that is visible. This assumes X values are uniformly spaced.</source>
            <translation>只绘制每条曲线的可见部分。这假定 X 值是等间距的。</translation>
        </message>
        <message>
            <source>Points</source>
            <translation>数据点</translation>
        </message>
        <message>
            <source>Power Spectrum (FFT)</source>
            <translation>功率谱 (FFT)</translation>
        </message>
        <message>
            <source>Preset</source>
            <translation>预设</translation>
        </message>
        <message>
            <source>Put every panel back where it started</source>
            <translation>将所有面板放回初始位置</translation>
        </message>
        <message>
            <source>Q: query images per class</source>
            <translation>Q：每类查询图像数</translation>
        </message>
        <message>
            <source>Queries per class</source>
            <translation>每类查询数</translation>
        </message>
        <message>
            <source>Query accuracy</source>
            <translation>查询集准确率</translation>
        </message>
        <message>
            <source>Query accuracy at θ&lt;sub&gt;t&lt;/sub&gt;</source>
            <translation>θ&lt;sub&gt;t&lt;/sub&gt; 处的查询集准确率</translation>
        </message>
        <message>
            <source>Query loss at θ&lt;sub&gt;t&lt;/sub&gt;</source>
            <translation>θ&lt;sub&gt;t&lt;/sub&gt; 处的查询集损失</translation>
        </message>
        <message>
            <source>Query predictions at θ_t</source>
            <translation>θ_t 处的查询预测</translation>
        </message>
        <message>
            <source>Query predictions at θ_t (green: right, red: wrong)</source>
            <translation>θ_t 处的查询预测（绿：正确，红：错误）</translation>
        </message>
        <message>
            <source>Query set (what it is scored on)</source>
            <translation>查询集（用于评分）</translation>
        </message>
        <message>
            <source>Quit (stops training)</source>
            <translation>退出（会停止训练）</translation>
        </message>
        <message>
            <source>Recent episodes</source>
            <translation>最近的回合</translation>
        </message>
        <message>
            <source>Recent training episodes</source>
            <translation>最近的训练回合</translation>
        </message>
        <message>
            <source>Remove</source>
            <translation>移除</translation>
        </message>
        <message>
            <source>Remove all unlabelled queries</source>
            <translation>移除所有无标签查询</translation>
        </message>
        <message>
            <source>Rename the class you are drawing</source>
            <translation>重命名正在手绘的类别</translation>
        </message>
        <message>
            <source>Rendered like Omniglot: 105×105, its pen width, size and centring</source>
            <translation>按 Omniglot 的方式渲染：105×105，相同的笔宽、大小和居中</translation>
        </message>
        <message>
            <source>Replay</source>
            <translation>回放</translation>
        </message>
        <message>
            <source>Replay an episode (tab Replay) to fill in the numbers.</source>
            <translation>回放一个回合（“回放”标签页）以填入数值。</translation>
        </message>
        <message>
            <source>Replay an episode to see its features.</source>
            <translation>回放一个回合以查看其特征。</translation>
        </message>
        <message>
            <source>Replay an episode to see this model's sizes.</source>
            <translation>回放一个回合以查看此模型的规模。</translation>
        </message>
        <message>
            <source>Replay and classify with a saved meta-learner</source>
            <translation>用已保存的元学习器回放和分类</translation>
        </message>
        <message>
            <source>Replay this episode ▶</source>
            <translation>回放此回合 ▶</translation>
        </message>
        <message>
            <source>Replay: compare</source>
            <translation>回放：对比</translation>
        </message>
        <message>
            <source>Rows: true class, columns: predicted class. Click a cell to see its images.</source>
            <translation>行：真实类别，列：预测类别。点击单元格查看其中的图像。</translation>
        </message>
        <message>
            <source>Run the inner loop on the chosen episode with the current meta-learner (in the background) and step through it</source>
            <translation>用当前元学习器在所选回合上运行内循环（在后台），并逐步查看</translation>
        </message>
        <message>
            <source>S&amp;tep</source>
            <translation>单步(&amp;T)</translation>
        </message>
        <message>
            <source>SGD step from θ_{t−1}</source>
            <translation>从 θ_{t−1} 出发的 SGD 步</translation>
        </message>
        <message>
            <source>SGD α = i_t</source>
            <translation>SGD α = i_t</translation>
        </message>
        <message>
            <source>Save a checkpoint of the run now</source>
            <translation>立即保存本次运行的检查点</translation>
        </message>
        <message>
            <source>Save as YAML…</source>
            <translation>另存为 YAML…</translation>
        </message>
        <message>
            <source>Save data as CSV</source>
            <translation>将数据保存为 CSV</translation>
        </message>
        <message>
            <source>Save data as CSV…</source>
            <translation>将数据保存为 CSV…</translation>
        </message>
        <message>
            <source>Save drawn set…</source>
            <translation>保存手绘集…</translation>
        </message>
        <message>
            <source>Save plot as PNG</source>
            <translation>将图保存为 PNG</translation>
        </message>
        <message>
            <source>Save plot as PNG…</source>
            <translation>将图保存为 PNG…</translation>
        </message>
        <message>
            <source>Scale</source>
            <translation>尺度</translation>
        </message>
        <message>
            <source>Seed</source>
            <translation>种子</translation>
        </message>
        <message>
            <source>Seed: the same seed and sizes give the same episode</source>
            <translation>种子：相同的种子和规模给出相同的回合</translation>
        </message>
        <message>
            <source>Show X Grid</source>
            <translation>显示 X 网格</translation>
        </message>
        <message>
            <source>Show Y Grid</source>
            <translation>显示 Y 网格</translation>
        </message>
        <message>
            <source>Show a run folder's metrics and follow it live while another process trains</source>
            <translation>显示运行文件夹的指标，并在另一进程训练时实时跟随</translation>
        </message>
        <message>
            <source>Smoothing</source>
            <translation>平滑</translation>
        </message>
        <message>
            <source>Split</source>
            <translation>数据划分</translation>
        </message>
        <message>
            <source>St&amp;op</source>
            <translation>停止(&amp;O)</translation>
        </message>
        <message>
            <source>Start a new class and draw its examples (Ctrl+N in the pad)</source>
            <translation>新建一个类别并画出其样例（画板中按 Ctrl+N）</translation>
        </message>
        <message>
            <source>Start training (or continue when paused)</source>
            <translation>开始训练（暂停时为继续）</translation>
        </message>
        <message>
            <source>Step t</source>
            <translation>步 t</translation>
        </message>
        <message>
            <source>Step taken ‖Δθ&lt;sub&gt;t&lt;/sub&gt;‖ / ‖∇&lt;sub&gt;t&lt;/sub&gt;‖ per layer</source>
            <translation>各层实际步长 ‖Δθ&lt;sub&gt;t&lt;/sub&gt;‖ / ‖∇&lt;sub&gt;t&lt;/sub&gt;‖</translation>
        </message>
        <message>
            <source>Stop &amp;following run</source>
            <translation>停止跟随运行(&amp;F)</translation>
        </message>
        <message>
            <source>Stop following the opened run folder</source>
            <translation>停止跟随已打开的运行文件夹</translation>
        </message>
        <message>
            <source>Stop training and keep the last checkpoint</source>
            <translation>停止训练并保留最后的检查点</translation>
        </message>
        <message>
            <source>Structure</source>
            <translation>结构</translation>
        </message>
        <message>
            <source>Subsample</source>
            <translation>子采样</translation>
        </message>
        <message>
            <source>Subtract Mean</source>
            <translation>减去平均值</translation>
        </message>
        <message>
            <source>Support accuracy at θ&lt;sub&gt;t&lt;/sub&gt;</source>
            <translation>θ&lt;sub&gt;t&lt;/sub&gt; 处的支持集准确率</translation>
        </message>
        <message>
            <source>Support loss at θ&lt;sub&gt;t&lt;/sub&gt;</source>
            <translation>θ&lt;sub&gt;t&lt;/sub&gt; 处的支持集损失</translation>
        </message>
        <message>
            <source>Support loss: first and last step</source>
            <translation>支持集损失：第一步与最后一步</translation>
        </message>
        <message>
            <source>Support set (what the learner adapts on)</source>
            <translation>支持集（学习器在其上适应）</translation>
        </message>
        <message>
            <source>Take back the last stroke, drawing, new class or clear [Ctrl+Z]</source>
            <translation>撤销上一笔、上一幅手绘、新建类别或清除 [Ctrl+Z]</translation>
        </message>
        <message>
            <source>The class the next drawing belongs to, or unlabelled queries</source>
            <translation>下一幅手绘所属的类别，或无标签查询</translation>
        </message>
        <message>
            <source>The drawings of this class: click one to see what the model sees; right-click to remove it</source>
            <translation>此类别的手绘：点击查看模型看到的图像；右键移除</translation>
        </message>
        <message>
            <source>The first K images of each class adapt the learner; the rest are labelled queries</source>
            <translation>每个类别的前 K 张图像用于适应学习器；其余为带标签的查询</translation>
        </message>
        <message>
            <source>The layer's weight that moved most in the episode</source>
            <translation>该层在本回合中变化最大的权重</translation>
        </message>
        <message>
            <source>The live training plots large (Ctrl+1)</source>
            <translation>放大显示实时训练图（Ctrl+1）</translation>
        </message>
        <message>
            <source>The random draw (the next press takes the next seed)</source>
            <translation>随机抽取（再按一次使用下一个种子）</translation>
        </message>
        <message>
            <source>The same episode adapted by other methods, side by side</source>
            <translation>同一回合由其他方法适应，并排显示</translation>
        </message>
        <message>
            <source>The update</source>
            <translation>更新</translation>
        </message>
        <message>
            <source>Train exactly one episode while paused</source>
            <translation>暂停时恰好训练一个回合</translation>
        </message>
        <message>
            <source>Training</source>
            <translation>训练</translation>
        </message>
        <message>
            <source>Training episodes of the current run, newest first; click one to show and replay it</source>
            <translation>当前运行的训练回合，最新的在前；点击一个即可显示并回放</translation>
        </message>
        <message>
            <source>Transforms</source>
            <translation>变换</translation>
        </message>
        <message>
            <source>Try it</source>
            <translation>试一试</translation>
        </message>
        <message>
            <source>Under each image: [predicted class] and its probability. Frame green: right, red: wrong, grey: all classes tie.</source>
            <translation>每张图像下方：[预测类别] 及其概率。边框绿色：正确，红色：错误，灰色：所有类别并列。</translation>
        </message>
        <message>
            <source>Undo</source>
            <translation>撤销</translation>
        </message>
        <message>
            <source>Update t</source>
            <translation>更新 t</translation>
        </message>
        <message>
            <source>Use this config</source>
            <translation>使用此配置</translation>
        </message>
        <message>
            <source>Validation interval (episodes)</source>
            <translation>验证间隔（回合）</translation>
        </message>
        <message>
            <source>View All</source>
            <translation>显示全部</translation>
        </message>
        <message>
            <source>ViewBox options</source>
            <translation>视图选项</translation>
        </message>
        <message>
            <source>Visible Data Only</source>
            <translation>仅可见数据</translation>
        </message>
        <message>
            <source>Weight of the debiased exponential moving average (0 = raw)</source>
            <translation>去偏指数移动平均的权重（0 = 原始值）</translation>
        </message>
        <message>
            <source>What the Meta-Learner LSTM does</source>
            <translation>Meta-Learner LSTM 做什么</translation>
        </message>
        <message>
            <source>What the model sees of it: reduced as the loader reduces Omniglot</source>
            <translation>模型看到的样子：按载入器缩小 Omniglot 的方式缩小</translation>
        </message>
        <message>
            <source>Wipe the paper (undo brings it back) [Delete]</source>
            <translation>擦净画纸（撤销可恢复）[Delete]</translation>
        </message>
        <message>
            <source>Write the metric history as CSV</source>
            <translation>将指标历史写为 CSV</translation>
        </message>
        <message>
            <source>X axis</source>
            <translation>X 轴</translation>
        </message>
        <message>
            <source>Y axis</source>
            <translation>Y 轴</translation>
        </message>
        <message>
            <source>Y vs. Y'</source>
            <translation>Y 对 Y'</translation>
        </message>
        <message>
            <source>accuracy</source>
            <translation>准确率</translation>
        </message>
        <message>
            <source>accuracy (%)</source>
            <translation>准确率 (%)</translation>
        </message>
        <message>
            <source>adam-from-c0</source>
            <translation>从 c0 起的 Adam</translation>
        </message>
        <message>
            <source>at update t</source>
            <translation>第 t 次更新时</translation>
        </message>
        <message>
            <source>best val –</source>
            <translation>最佳验证 –</translation>
        </message>
        <message>
            <source>best validation</source>
            <translation>最佳验证</translation>
        </message>
        <message>
            <source>between / within</source>
            <translation>类间 / 类内</translation>
        </message>
        <message>
            <source>chance</source>
            <translation>随机水平</translation>
        </message>
        <message>
            <source>class</source>
            <translation>类别</translation>
        </message>
        <message>
            <source>class name</source>
            <translation>类别名</translation>
        </message>
        <message>
            <source>confidence (sorted)</source>
            <translation>置信度（排序）</translation>
        </message>
        <message>
            <source>conv1 filters θ&lt;sub&gt;0&lt;/sub&gt;</source>
            <translation>conv1 滤波器 θ&lt;sub&gt;0&lt;/sub&gt;</translation>
        </message>
        <message>
            <source>coordinates</source>
            <translation>坐标</translation>
        </message>
        <message>
            <source>cross-entropy</source>
            <translation>交叉熵</translation>
        </message>
        <message>
            <source>dy/dx</source>
            <translation>dy/dx</translation>
        </message>
        <message>
            <source>empty: a new folder under the runs folder</source>
            <translation>留空：在运行目录下新建文件夹</translation>
        </message>
        <message>
            <source>empty: the embedded Omniglot copy</source>
            <translation>留空：使用内置的 Omniglot</translation>
        </message>
        <message>
            <source>episode</source>
            <translation>回合</translation>
        </message>
        <message>
            <source>episode –</source>
            <translation>回合 –</translation>
        </message>
        <message>
            <source>file</source>
            <translation>文件</translation>
        </message>
        <message>
            <source>finetune</source>
            <translation>微调 finetune</translation>
        </message>
        <message>
            <source>first step L_1 (at c_0)</source>
            <translation>第一步 L_1（c_0 处）</translation>
        </message>
        <message>
            <source>gate</source>
            <translation>门</translation>
        </message>
        <message>
            <source>gate value</source>
            <translation>门值</translation>
        </message>
        <message>
            <source>gate value (layer mean)</source>
            <translation>门值（层平均）</translation>
        </message>
        <message>
            <source>i = const</source>
            <translation>i = 常数</translation>
        </message>
        <message>
            <source>image</source>
            <translation>图像</translation>
        </message>
        <message>
            <source>inner step t</source>
            <translation>内循环步 t</translation>
        </message>
        <message>
            <source>last step L_T</source>
            <translation>最后一步 L_T</translation>
        </message>
        <message>
            <source>latest episode</source>
            <translation>最新回合</translation>
        </message>
        <message>
            <source>layer</source>
            <translation>层</translation>
        </message>
        <message>
            <source>max |Δθ|</source>
            <translation>最大 |Δθ|</translation>
        </message>
        <message>
            <source>mean fₜ</source>
            <translation>平均 fₜ</translation>
        </message>
        <message>
            <source>mean gate</source>
            <translation>平均门值</translation>
        </message>
        <message>
            <source>mean iₜ</source>
            <translation>平均 iₜ</translation>
        </message>
        <message>
            <source>mean ± sd</source>
            <translation>均值 ± 标准差</translation>
        </message>
        <message>
            <source>meta-learner θ_t</source>
            <translation>元学习器 θ_t</translation>
        </message>
        <message>
            <source>meta-lr –</source>
            <translation>元学习率 –</translation>
        </message>
        <message>
            <source>meta-training (raw)</source>
            <translation>元训练（原始）</translation>
        </message>
        <message>
            <source>meta-training (smoothed)</source>
            <translation>元训练（平滑）</translation>
        </message>
        <message>
            <source>model input</source>
            <translation>模型输入</translation>
        </message>
        <message>
            <source>nearest-neighbour</source>
            <translation>最近邻 nearest-neighbour</translation>
        </message>
        <message>
            <source>params</source>
            <translation>参数</translation>
        </message>
        <message>
            <source>pixel-nn</source>
            <translation>像素最近邻 pixel-nn</translation>
        </message>
        <message>
            <source>predicted</source>
            <translation>预测</translation>
        </message>
        <message>
            <source>queries</source>
            <translation>查询数</translation>
        </message>
        <message>
            <source>query</source>
            <translation>查询</translation>
        </message>
        <message>
            <source>query loss (nats)</source>
            <translation>查询集损失（nats）</translation>
        </message>
        <message>
            <source>query loss at θ_T</source>
            <translation>θ_T 处的查询集损失</translation>
        </message>
        <message>
            <source>random init</source>
            <translation>随机初始化</translation>
        </message>
        <message>
            <source>recent episodes</source>
            <translation>最近的回合</translation>
        </message>
        <message>
            <source>seed</source>
            <translation>种子</translation>
        </message>
        <message>
            <source>sgd-from-c0</source>
            <translation>从 c0 起的 SGD</translation>
        </message>
        <message>
            <source>step t</source>
            <translation>步 t</translation>
        </message>
        <message>
            <source>support</source>
            <translation>支持</translation>
        </message>
        <message>
            <source>support loss (nats)</source>
            <translation>支持集损失（nats）</translation>
        </message>
        <message>
            <source>support loss L_t (nats)</source>
            <translation>支持集损失 L_t（nats）</translation>
        </message>
        <message>
            <source>true class</source>
            <translation>真实类别</translation>
        </message>
        <message>
            <source>update t</source>
            <translation>更新 t</translation>
        </message>
        <message>
            <source>validation ± 95% CI</source>
            <translation>验证 ± 95% 置信区间</translation>
        </message>
        <message>
            <source>vs MAML</source>
            <translation>与 MAML 对比</translation>
        </message>
        <message>
            <source>weight</source>
            <translation>权重</translation>
        </message>
        <message>
            <source>±1 sd band</source>
            <translation>±1 标准差带</translation>
        </message>
        <message>
            <source>Δθ = θ&lt;sub&gt;t&lt;/sub&gt; − θ&lt;sub&gt;0&lt;/sub&gt;</source>
            <translation>Δθ = θ&lt;sub&gt;t&lt;/sub&gt; − θ&lt;sub&gt;0&lt;/sub&gt;</translation>
        </message>
        <message>
            <source>θ per step, gates, losses and query predictions</source>
            <translation>每步的 θ、门、损失和查询预测</translation>
        </message>
        <message>
            <source>θ&lt;sub&gt;0&lt;/sub&gt; (= c&lt;sub&gt;0&lt;/sub&gt;) vs θ&lt;sub&gt;t&lt;/sub&gt;</source>
            <translation>θ&lt;sub&gt;0&lt;/sub&gt;（= c&lt;sub&gt;0&lt;/sub&gt;）与 θ&lt;sub&gt;t&lt;/sub&gt;</translation>
        </message>
        <message>
            <source>θ&lt;sub&gt;t&lt;/sub&gt;</source>
            <translation>θ&lt;sub&gt;t&lt;/sub&gt;</translation>
        </message>
        <message>
            <source>θ&lt;sub&gt;t&lt;/sub&gt; − θ&lt;sub&gt;0&lt;/sub&gt;</source>
            <translation>θ&lt;sub&gt;t&lt;/sub&gt; − θ&lt;sub&gt;0&lt;/sub&gt;</translation>
        </message>
        <message>
            <source>θ&lt;sub&gt;t&lt;/sub&gt;: meta-learner and the SGD step with α = i&lt;sub&gt;t&lt;/sub&gt;</source>
            <translation>θ&lt;sub&gt;t&lt;/sub&gt;：元学习器与 α = i&lt;sub&gt;t&lt;/sub&gt; 的 SGD 步</translation>
        </message>
        <message>
            <source>θ_t − SGD</source>
            <translation>θ_t − SGD</translation>
        </message>
        <message>
            <source>– ep/s</source>
            <translation>– 回合/秒</translation>
        </message>
        <message>
            <source>‖θ&lt;sub&gt;t&lt;/sub&gt; − θ&lt;sub&gt;0&lt;/sub&gt;‖ per layer</source>
            <translation>各层 ‖θ&lt;sub&gt;t&lt;/sub&gt; − θ&lt;sub&gt;0&lt;/sub&gt;‖</translation>
        </message>
    </context>
    <context>
        <name>Exporter</name>
        <message>
            <source>params</source>
            <translation>参数</translation>
        </message>
        <message>
            <source>comma</source>
            <translation>逗号</translation>
        </message>
        <message>
            <source>tab</source>
            <translation>制表符</translation>
        </message>
        <message>
            <source>(x,y) per plot</source>
            <translation>每个图 (x,y)</translation>
        </message>
        <message>
            <source>(x,y,y,y) for all plots</source>
            <translation>所有图共用 (x,y,y,y)</translation>
        </message>
        <message>
            <source>separator</source>
            <translation>分隔符</translation>
        </message>
        <message>
            <source>precision</source>
            <translation>精度</translation>
        </message>
        <message>
            <source>columnMode</source>
            <translation>列模式</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>名称</translation>
        </message>
        <message>
            <source>width</source>
            <translation>宽度</translation>
        </message>
        <message>
            <source>height</source>
            <translation>高度</translation>
        </message>
        <message>
            <source>antialias</source>
            <translation>抗锯齿</translation>
        </message>
        <message>
            <source>background</source>
            <translation>背景</translation>
        </message>
        <message>
            <source>invertValue</source>
            <translation>反转数值</translation>
        </message>
        <message>
            <source>Print Document</source>
            <translation>打印文档</translation>
        </message>
        <message>
            <source>scaling stroke</source>
            <translation>缩放线宽</translation>
        </message>
        <message>
            <source>Scalable Vector Graphics</source>
            <translation>可缩放矢量图形</translation>
        </message>
        <message>
            <source>CSV of original plot data</source>
            <translation>原始绘图数据的 CSV</translation>
        </message>
        <message>
            <source>HDF5 Export: plot (x,y)</source>
            <translation>HDF5 导出：图 (x,y)</translation>
        </message>
        <message>
            <source>Image File (PNG, TIF, JPG, ...)</source>
            <translation>图像文件 (PNG, TIF, JPG, ...)</translation>
        </message>
        <message>
            <source>Matplotlib Window</source>
            <translation>Matplotlib 窗口</translation>
        </message>
        <message>
            <source>Printer</source>
            <translation>打印机</translation>
        </message>
        <message>
            <source>Scalable Vector Graphics (SVG)</source>
            <translation>可缩放矢量图形 (SVG)</translation>
        </message>
    </context>
    <context>
        <name>ClassProjection</name>
        <message>
            <source>Images</source>
            <translation>图像</translation>
        </message>
        <message>
            <source>Draw the images as small sprites at their points</source>
            <translation>在各点处以小图显示图像</translation>
        </message>
        <message>
            <source>Replay an episode to see its features.</source>
            <translation>回放一个回合以查看其特征。</translation>
        </message>
        <message>
            <source>Penultimate features at θ&lt;sub&gt;t&lt;/sub&gt;, PCA of the episode</source>
            <translation>θ&lt;sub&gt;t&lt;/sub&gt; 处的倒数第二层特征，本回合的 PCA</translation>
        </message>
        <message>
            <source>PC 1</source>
            <translation>主成分 1</translation>
        </message>
        <message>
            <source>PC 2</source>
            <translation>主成分 2</translation>
        </message>
        <message>
            <source>Class separation</source>
            <translation>类别分离度</translation>
        </message>
        <message>
            <source>step t</source>
            <translation>步 t</translation>
        </message>
        <message>
            <source>between / within</source>
            <translation>类间 / 类内</translation>
        </message>
        <message>
            <source>This replay has no features.</source>
            <translation>此回放没有特征。</translation>
        </message>
        <message>
            <source>Support: squares, thick frames; query: circles, thin frames.</source>
            <translation>支持集：方形、粗边框；查询集：圆形、细边框。</translation>
        </message>
        <message>
            <source>t = {t}: separation {now:.3f} (t = 0: {first:.3f}). The axes hold {a:.0%} and {b:.0%} of the variance over all steps.</source>
            <translation>t = {t}：分离度 {now:.3f}（t = 0 时：{first:.3f}）。两条轴分别占所有步方差的 {a:.0%} 和 {b:.0%}。</translation>
        </message>
    </context>
    <context>
        <name>HowItWorks</name>
        <message>
            <source>&lt;b&gt;The algorithm&lt;/b&gt; (one episode of meta-training; {paper}, Algorithm 1)</source>
            <translation>&lt;b&gt;算法&lt;/b&gt;（元训练的一个回合；{paper}，算法 1）</translation>
        </message>
        <message>
            <source>A replay runs the same inner loop at test time and stops before the meta-update. ∇&lt;sub&gt;t&lt;/sub&gt; enters as an input: no second derivatives.</source>
            <translation>回放在测试时运行同样的内循环，并在元更新之前停止。∇&lt;sub&gt;t&lt;/sub&gt; 作为输入进入：没有二阶导数。</translation>
        </message>
        <message>
            <source>Both adapt the same learner by gradient steps on the support set and train on the query loss after them. Here the step itself is learned, per coordinate, by one small LSTM.</source>
            <translation>两者都在支持集上用梯度步适应同一个学习器，并用这些步之后的查询集损失来训练。这里的步本身是学到的：由一个小型 LSTM 逐坐标给出。</translation>
        </message>
        <message>
            <source>θ&lt;sub&gt;0&lt;/sub&gt; ← c&lt;sub&gt;0&lt;/sub&gt; &amp;nbsp;&lt;i&gt;(the learned initialisation)&lt;/i&gt;</source>
            <translation>θ&lt;sub&gt;0&lt;/sub&gt; ← c&lt;sub&gt;0&lt;/sub&gt; &amp;nbsp;&lt;i&gt;（学到的初始化）&lt;/i&gt;</translation>
        </message>
        <message>
            <source>L&lt;sub&gt;test&lt;/sub&gt; ← query loss at θ&lt;sub&gt;T&lt;/sub&gt;</source>
            <translation>L&lt;sub&gt;test&lt;/sub&gt; ← θ&lt;sub&gt;T&lt;/sub&gt; 处的查询集损失</translation>
        </message>
        <message>
            <source>meta-update: Adam on ∂L&lt;sub&gt;test&lt;/sub&gt;/∂(LSTM, W&lt;sub&gt;F&lt;/sub&gt;, W&lt;sub&gt;I&lt;/sub&gt;, c&lt;sub&gt;0&lt;/sub&gt;), back through the T steps &amp;nbsp;&lt;i&gt;(training only)&lt;/i&gt;</source>
            <translation>元更新：对 ∂L&lt;sub&gt;test&lt;/sub&gt;/∂(LSTM, W&lt;sub&gt;F&lt;/sub&gt;, W&lt;sub&gt;I&lt;/sub&gt;, c&lt;sub&gt;0&lt;/sub&gt;) 用 Adam，经由 T 个步反向传播 &amp;nbsp;&lt;i&gt;（仅训练时）&lt;/i&gt;</translation>
        </message>
        <message>
            <source>L&lt;sub&gt;t&lt;/sub&gt;, ∇&lt;sub&gt;t&lt;/sub&gt; ← support loss and gradient at θ&lt;sub&gt;t−1&lt;/sub&gt;</source>
            <translation>L&lt;sub&gt;t&lt;/sub&gt;, ∇&lt;sub&gt;t&lt;/sub&gt; ← θ&lt;sub&gt;t−1&lt;/sub&gt; 处的支持集损失和梯度</translation>
        </message>
        <message>
            <source>θ&lt;sub&gt;t&lt;/sub&gt; ← f&lt;sub&gt;t&lt;/sub&gt; ⊙ θ&lt;sub&gt;t−1&lt;/sub&gt; + i&lt;sub&gt;t&lt;/sub&gt; ⊙ (−∇&lt;sub&gt;t&lt;/sub&gt;) &amp;nbsp;&lt;i&gt;(the meta-learner's step)&lt;/i&gt;</source>
            <translation>θ&lt;sub&gt;t&lt;/sub&gt; ← f&lt;sub&gt;t&lt;/sub&gt; ⊙ θ&lt;sub&gt;t−1&lt;/sub&gt; + i&lt;sub&gt;t&lt;/sub&gt; ⊙ (−∇&lt;sub&gt;t&lt;/sub&gt;) &amp;nbsp;&lt;i&gt;（元学习器的一步）&lt;/i&gt;</translation>
        </message>
        <message>
            <source>&lt;b&gt;The idea&lt;/b&gt; ({paper}): gradient descent θ&lt;sub&gt;t&lt;/sub&gt; = θ&lt;sub&gt;t−1&lt;/sub&gt; − α&lt;sub&gt;t&lt;/sub&gt;∇&lt;sub&gt;t&lt;/sub&gt; is an LSTM cell update c&lt;sub&gt;t&lt;/sub&gt; = f&lt;sub&gt;t&lt;/sub&gt; ⊙ c&lt;sub&gt;t−1&lt;/sub&gt; + i&lt;sub&gt;t&lt;/sub&gt; ⊙ c&lt;sup&gt;~&lt;/sup&gt;&lt;sub&gt;t&lt;/sub&gt; with f&lt;sub&gt;t&lt;/sub&gt; = 1, c&lt;sub&gt;t−1&lt;/sub&gt; = θ&lt;sub&gt;t−1&lt;/sub&gt;, i&lt;sub&gt;t&lt;/sub&gt; = α&lt;sub&gt;t&lt;/sub&gt;, c&lt;sup&gt;~&lt;/sup&gt;&lt;sub&gt;t&lt;/sub&gt; = −∇&lt;sub&gt;t&lt;/sub&gt;. The meta-learner learns the gates from [∇&lt;sub&gt;t&lt;/sub&gt;, L&lt;sub&gt;t&lt;/sub&gt;, θ&lt;sub&gt;t−1&lt;/sub&gt;, previous gate]: i&lt;sub&gt;t&lt;/sub&gt; a learning rate per weight and step, f&lt;sub&gt;t&lt;/sub&gt; a shrinkage (1: plain SGD), c&lt;sub&gt;0&lt;/sub&gt; the start.</source>
            <translation>&lt;b&gt;思路&lt;/b&gt;（{paper}）：梯度下降 θ&lt;sub&gt;t&lt;/sub&gt; = θ&lt;sub&gt;t−1&lt;/sub&gt; − α&lt;sub&gt;t&lt;/sub&gt;∇&lt;sub&gt;t&lt;/sub&gt; 就是一次 LSTM 细胞更新 c&lt;sub&gt;t&lt;/sub&gt; = f&lt;sub&gt;t&lt;/sub&gt; ⊙ c&lt;sub&gt;t−1&lt;/sub&gt; + i&lt;sub&gt;t&lt;/sub&gt; ⊙ c&lt;sup&gt;~&lt;/sup&gt;&lt;sub&gt;t&lt;/sub&gt;，其中 f&lt;sub&gt;t&lt;/sub&gt; = 1，c&lt;sub&gt;t−1&lt;/sub&gt; = θ&lt;sub&gt;t−1&lt;/sub&gt;，i&lt;sub&gt;t&lt;/sub&gt; = α&lt;sub&gt;t&lt;/sub&gt;，c&lt;sup&gt;~&lt;/sup&gt;&lt;sub&gt;t&lt;/sub&gt; = −∇&lt;sub&gt;t&lt;/sub&gt;。元学习器根据 [∇&lt;sub&gt;t&lt;/sub&gt;, L&lt;sub&gt;t&lt;/sub&gt;, θ&lt;sub&gt;t−1&lt;/sub&gt;, 上一步的门] 学习各个门：i&lt;sub&gt;t&lt;/sub&gt; 是每个权重、每一步的学习率，f&lt;sub&gt;t&lt;/sub&gt; 是收缩（1：普通 SGD），c&lt;sub&gt;0&lt;/sub&gt; 是起点。</translation>
        </message>
        <message>
            <source>&lt;b&gt;Sizes of this model&lt;/b&gt; ({way}-way): the learner's θ has &lt;b&gt;{P}&lt;/b&gt; coordinates ({layers}). Layer 1 has {lstm} weights and layer 2 {cell}: &lt;b&gt;{shared}&lt;/b&gt; in all, shared by every coordinate, {ratio:.0f}× fewer than θ. Only c&lt;sub&gt;0&lt;/sub&gt; ({c0}) grows with the learner; meta-parameters in all: {meta}.</source>
            <translation>&lt;b&gt;此模型的规模&lt;/b&gt;（{way}-way）：学习器的 θ 有 &lt;b&gt;{P}&lt;/b&gt; 个坐标（{layers}）。第 1 层有 {lstm} 个权重，第 2 层有 {cell} 个：共 &lt;b&gt;{shared}&lt;/b&gt; 个，由所有坐标共享，比 θ 少 {ratio:.0f} 倍。只有 c&lt;sub&gt;0&lt;/sub&gt;（{c0}）随学习器增大；元参数总数：{meta}。</translation>
        </message>
        <message>
            <source>What is learned</source>
            <translation>学到的是什么</translation>
        </message>
        <message>
            <source>the update rule (i&lt;sub&gt;t&lt;/sub&gt;, f&lt;sub&gt;t&lt;/sub&gt;) and the start c&lt;sub&gt;0&lt;/sub&gt;</source>
            <translation>更新规则（i&lt;sub&gt;t&lt;/sub&gt;, f&lt;sub&gt;t&lt;/sub&gt;）和起点 c&lt;sub&gt;0&lt;/sub&gt;</translation>
        </message>
        <message>
            <source>the start θ&lt;sub&gt;0&lt;/sub&gt; only; α is fixed</source>
            <translation>只有起点 θ&lt;sub&gt;0&lt;/sub&gt;；α 固定</translation>
        </message>
        <message>
            <source>Meta-learner → learner</source>
            <translation>元学习器 → 学习器</translation>
        </message>
        <message>
            <source>every θ&lt;sub&gt;t&lt;/sub&gt;: the meta-learner writes the learner's weights</source>
            <translation>每个 θ&lt;sub&gt;t&lt;/sub&gt;：元学习器写入学习器的权重</translation>
        </message>
        <message>
            <source>θ&lt;sub&gt;0&lt;/sub&gt;; the learner then takes plain SGD steps</source>
            <translation>θ&lt;sub&gt;0&lt;/sub&gt;；之后学习器做普通 SGD 步</translation>
        </message>
        <message>
            <source>Learner → meta-learner</source>
            <translation>学习器 → 元学习器</translation>
        </message>
        <message>
            <source>∇&lt;sub&gt;t&lt;/sub&gt; and L&lt;sub&gt;t&lt;/sub&gt; at every step (LSTM inputs), the query loss</source>
            <translation>每一步的 ∇&lt;sub&gt;t&lt;/sub&gt; 和 L&lt;sub&gt;t&lt;/sub&gt;（LSTM 的输入），以及查询集损失</translation>
        </message>
        <message>
            <source>the query loss after the steps</source>
            <translation>这些步之后的查询集损失</translation>
        </message>
        <message>
            <source>Meta-gradient</source>
            <translation>元梯度</translation>
        </message>
        <message>
            <source>first order: ∇&lt;sub&gt;t&lt;/sub&gt; is a constant, no second derivatives</source>
            <translation>一阶：∇&lt;sub&gt;t&lt;/sub&gt; 视为常数，没有二阶导数</translation>
        </message>
        <message>
            <source>through ∇&lt;sub&gt;t&lt;/sub&gt;: second-order terms (Hessian-vector products)</source>
            <translation>穿过 ∇&lt;sub&gt;t&lt;/sub&gt;：二阶项（Hessian-向量积）</translation>
        </message>
        <message>
            <source>Meta-parameters</source>
            <translation>元参数</translation>
        </message>
        <message>
            <source>Inner steps T</source>
            <translation>内循环步数 T</translation>
        </message>
        <message>
            <source>a choice (often 1–5)</source>
            <translation>可自选（通常 1–5）</translation>
        </message>
        <message>
            <source>Meta-Learner LSTM (this app)</source>
            <translation>Meta-Learner LSTM（本应用）</translation>
        </message>
        <message>
            <source>MAML (Finn et al., ICML 2017)</source>
            <translation>MAML（Finn 等，ICML 2017）</translation>
        </message>
        <message>
            <source>Compared with MAML</source>
            <translation>与 MAML 对比</translation>
        </message>
        <message>
            <source>Why subtract the gate times the raw gradient?</source>
            <translation>为什么用门乘以原始梯度来相减？</translation>
        </message>
        <message>
            <source>With f&lt;sub&gt;t&lt;/sub&gt; = 1 and i&lt;sub&gt;t&lt;/sub&gt; = α the cell update is exactly SGD (the table's SGD column); learning f&lt;sub&gt;t&lt;/sub&gt; and i&lt;sub&gt;t&lt;/sub&gt; generalises the step per weight and per step.</source>
            <translation>当 f&lt;sub&gt;t&lt;/sub&gt; = 1、i&lt;sub&gt;t&lt;/sub&gt; = α 时，细胞更新恰好就是 SGD（表中的 SGD 列）；学习 f&lt;sub&gt;t&lt;/sub&gt; 和 i&lt;sub&gt;t&lt;/sub&gt; 则把这一步推广到逐权重、逐步。</translation>
        </message>
        <message>
            <source>Why preprocess the gradient and the loss?</source>
            <translation>为什么要预处理梯度和损失？</translation>
        </message>
        <message>
            <source>Their sizes span many orders of magnitude; (log|x|/p, sign x) gives the LSTM inputs of sane scale that keep the sign and the magnitude.</source>
            <translation>它们的大小跨越许多个数量级；(log|x|/p, sign x) 为 LSTM 提供尺度合适的输入，同时保留符号和量级。</translation>
        </message>
        <message>
            <source>What does learning c&lt;sub&gt;0&lt;/sub&gt; do?</source>
            <translation>学习 c&lt;sub&gt;0&lt;/sub&gt; 有什么作用？</translation>
        </message>
        <message>
            <source>It learns the weights every episode starts from: θ&lt;sub&gt;0&lt;/sub&gt; = c&lt;sub&gt;0&lt;/sub&gt;.</source>
            <translation>它学到每个回合的起始权重：θ&lt;sub&gt;0&lt;/sub&gt; = c&lt;sub&gt;0&lt;/sub&gt;。</translation>
        </message>
        <message>
            <source>Why does test time run the same inner loop?</source>
            <translation>为什么测试时也运行同样的内循环？</translation>
        </message>
        <message>
            <source>The meta-learner is the optimiser: adapting to a new task means running it on that task's support set, as a replay does.</source>
            <translation>元学习器就是优化器：适应一个新任务，就是在该任务的支持集上运行它，正如回放所做的。</translation>
        </message>
        <message>
            <source>&lt;b&gt;Meta-training now&lt;/b&gt;: episode {n} ran the loop above on its support set (L&lt;sub&gt;1&lt;/sub&gt; = {first:.4f} … L&lt;sub&gt;T&lt;/sub&gt; = {last:.4f}), then L&lt;sub&gt;test&lt;/sub&gt; = {test:.4f} on its queries, and Adam (rate {lr:.3g}) updated the meta-learner (‖∂L&lt;sub&gt;test&lt;/sub&gt;‖ = {norm:.3g} before clipping).</source>
            <translation>&lt;b&gt;此刻的元训练&lt;/b&gt;：第 {n} 回合在其支持集上运行了上面的循环（L&lt;sub&gt;1&lt;/sub&gt; = {first:.4f} … L&lt;sub&gt;T&lt;/sub&gt; = {last:.4f}），然后在其查询集上得到 L&lt;sub&gt;test&lt;/sub&gt; = {test:.4f}，Adam（学习率 {lr:.3g}）更新了元学习器（裁剪前 ‖∂L&lt;sub&gt;test&lt;/sub&gt;‖ = {norm:.3g}）。</translation>
        </message>
        <message>
            <source>for t = 1 … T &amp;nbsp;&lt;i&gt;(T = {T} inner steps on the support set)&lt;/i&gt;</source>
            <translation>for t = 1 … T &amp;nbsp;&lt;i&gt;（在支持集上做 T = {T} 个内循环步）&lt;/i&gt;</translation>
        </message>
        <message>
            <source>Learning rate</source>
            <translation>学习率</translation>
        </message>
        <message>
            <source>one α for every weight and step</source>
            <translation>所有权重和步共用一个 α</translation>
        </message>
        <message>
            <source>Query accuracy</source>
            <translation>查询集准确率</translation>
        </message>
        <message>
            <source>now t = {t}</source>
            <translation>当前 t = {t}</translation>
        </message>
        <message>
            <source>L&lt;sub&gt;{t}&lt;/sub&gt; = {v:.4f}</source>
            <translation>L&lt;sub&gt;{t}&lt;/sub&gt; = {v:.4f}</translation>
        </message>
        <message>
            <source>{shared} shared + c&lt;sub&gt;0&lt;/sub&gt; {c0}</source>
            <translation>{shared} 个共享 + c&lt;sub&gt;0&lt;/sub&gt; {c0} 个</translation>
        </message>
        <message>
            <source>θ&lt;sub&gt;0&lt;/sub&gt; {P}</source>
            <translation>θ&lt;sub&gt;0&lt;/sub&gt; {P} 个</translation>
        </message>
        <message>
            <source>i&lt;sub&gt;t&lt;/sub&gt; in this replay: {lo:.3g} … {hi:.3g} (median {mid:.3g})</source>
            <translation>本次回放中的 i&lt;sub&gt;t&lt;/sub&gt;：{lo:.3g} … {hi:.3g}（中位数 {mid:.3g}）</translation>
        </message>
        <message>
            <source>θ&lt;sub&gt;0&lt;/sub&gt; → θ&lt;sub&gt;T&lt;/sub&gt; in this replay: {a:.0%} → {b:.0%}</source>
            <translation>本次回放中 θ&lt;sub&gt;0&lt;/sub&gt; → θ&lt;sub&gt;T&lt;/sub&gt;：{a:.0%} → {b:.0%}</translation>
        </message>
        <message>
            <source>this episode: {v:.4f}</source>
            <translation>本回合：{v:.4f}</translation>
        </message>
        <message>
            <source>next step: ∇&lt;sub&gt;t+1&lt;/sub&gt;, L&lt;sub&gt;t+1&lt;/sub&gt; at θ&lt;sub&gt;t&lt;/sub&gt;</source>
            <translation>下一步：θ&lt;sub&gt;t&lt;/sub&gt; 处的 ∇&lt;sub&gt;t+1&lt;/sub&gt;, L&lt;sub&gt;t+1&lt;/sub&gt;</translation>
        </message>
        <message>
            <source>&lt;b&gt;From the learner&lt;/b&gt;&lt;br&gt;∇&lt;sub&gt;t&lt;/sub&gt;: P = {P} numbers, one per weight&lt;br&gt;L&lt;sub&gt;t&lt;/sub&gt;: one number, repeated for every coordinate</source>
            <translation>&lt;b&gt;来自学习器&lt;/b&gt;&lt;br&gt;∇&lt;sub&gt;t&lt;/sub&gt;：P = {P} 个数，每个权重一个&lt;br&gt;L&lt;sub&gt;t&lt;/sub&gt;：一个数，对每个坐标重复</translation>
        </message>
        <message>
            <source>&lt;b&gt;Preprocessing&lt;/b&gt;, p = {p}&lt;br&gt;x ↦ (log|x|/p, sign x) if |x| ≥ e&lt;sup&gt;−p&lt;/sup&gt;, else (−1, e&lt;sup&gt;p&lt;/sup&gt;x)&lt;br&gt;input: {P} × 4</source>
            <translation>&lt;b&gt;预处理&lt;/b&gt;，p = {p}&lt;br&gt;若 |x| ≥ e&lt;sup&gt;−p&lt;/sup&gt;，x ↦ (log|x|/p, sign x)，否则 (−1, e&lt;sup&gt;p&lt;/sup&gt;x)&lt;br&gt;输入：{P} × 4</translation>
        </message>
        <message>
            <source>&lt;b&gt;Layer 1&lt;/b&gt;: LSTM 4 → {h}&lt;br&gt;batch = the {P} coordinates&lt;br&gt;h&lt;sub&gt;t&lt;/sub&gt;, c&lt;sub&gt;t&lt;/sub&gt;: {h} × {P}&lt;br&gt;{n} weights, shared</source>
            <translation>&lt;b&gt;第 1 层&lt;/b&gt;：LSTM 4 → {h}&lt;br&gt;批 = {P} 个坐标&lt;br&gt;h&lt;sub&gt;t&lt;/sub&gt;, c&lt;sub&gt;t&lt;/sub&gt;：{h} × {P}&lt;br&gt;{n} 个权重，共享</translation>
        </message>
        <message>
            <source>&lt;b&gt;Layer 2&lt;/b&gt;: the θ-cell&lt;br&gt;f̂&lt;sub&gt;t&lt;/sub&gt; = [h&lt;sub&gt;t&lt;/sub&gt;, θ&lt;sub&gt;t−1&lt;/sub&gt;, f̂&lt;sub&gt;t−1&lt;/sub&gt;]·W&lt;sub&gt;F&lt;/sub&gt; + b&lt;sub&gt;F&lt;/sub&gt;&lt;br&gt;î&lt;sub&gt;t&lt;/sub&gt; likewise with W&lt;sub&gt;I&lt;/sub&gt;; W&lt;sub&gt;F&lt;/sub&gt;, W&lt;sub&gt;I&lt;/sub&gt; ∈ R&lt;sup&gt;{w}&lt;/sup&gt;&lt;br&gt;{n} weights, shared</source>
            <translation>&lt;b&gt;第 2 层&lt;/b&gt;：θ 单元&lt;br&gt;f̂&lt;sub&gt;t&lt;/sub&gt; = [h&lt;sub&gt;t&lt;/sub&gt;, θ&lt;sub&gt;t−1&lt;/sub&gt;, f̂&lt;sub&gt;t−1&lt;/sub&gt;]·W&lt;sub&gt;F&lt;/sub&gt; + b&lt;sub&gt;F&lt;/sub&gt;&lt;br&gt;î&lt;sub&gt;t&lt;/sub&gt; 同理，用 W&lt;sub&gt;I&lt;/sub&gt;；W&lt;sub&gt;F&lt;/sub&gt;, W&lt;sub&gt;I&lt;/sub&gt; ∈ R&lt;sup&gt;{w}&lt;/sup&gt;&lt;br&gt;{n} 个权重，共享</translation>
        </message>
        <message>
            <source>&lt;b&gt;θ&lt;sub&gt;t&lt;/sub&gt; = c&lt;sub&gt;t&lt;/sub&gt;&lt;/b&gt;&lt;br&gt;= σ(f̂&lt;sub&gt;t&lt;/sub&gt;) ⊙ θ&lt;sub&gt;t−1&lt;/sub&gt; − σ(î&lt;sub&gt;t&lt;/sub&gt;) ⊙ ∇&lt;sub&gt;t&lt;/sub&gt;&lt;br&gt;{P} numbers: the learner's weights&lt;br&gt;θ&lt;sub&gt;0&lt;/sub&gt; = c&lt;sub&gt;0&lt;/sub&gt;, learned</source>
            <translation>&lt;b&gt;θ&lt;sub&gt;t&lt;/sub&gt; = c&lt;sub&gt;t&lt;/sub&gt;&lt;/b&gt;&lt;br&gt;= σ(f̂&lt;sub&gt;t&lt;/sub&gt;) ⊙ θ&lt;sub&gt;t−1&lt;/sub&gt; − σ(î&lt;sub&gt;t&lt;/sub&gt;) ⊙ ∇&lt;sub&gt;t&lt;/sub&gt;&lt;br&gt;{P} 个数：学习器的权重&lt;br&gt;θ&lt;sub&gt;0&lt;/sub&gt; = c&lt;sub&gt;0&lt;/sub&gt;，学到的</translation>
        </message>
    </context>
    <context>
        <name>ExploreWidget</name>
        <message>
            <source>How it works</source>
            <translation>工作原理</translation>
        </message>
    </context>
    <context>
        <name>HowItWorksView</name>
        <message>
            <source>Replay an episode (tab Replay) to fill in the numbers.</source>
            <translation>回放一个回合（“回放”标签页）以填入数值。</translation>
        </message>
        <message>
            <source>The update</source>
            <translation>更新</translation>
        </message>
        <message>
            <source>Structure</source>
            <translation>结构</translation>
        </message>
        <message>
            <source>Classes</source>
            <translation>类别</translation>
        </message>
        <message>
            <source>vs MAML</source>
            <translation>与 MAML 对比</translation>
        </message>
        <message>
            <source>Replay an episode to see this model's sizes.</source>
            <translation>回放一个回合以查看此模型的规模。</translation>
        </message>
        <message>
            <source>&lt;b&gt;{origin}&lt;/b&gt; with {model}: T = {T} inner steps, {N}-way.</source>
            <translation>&lt;b&gt;{origin}&lt;/b&gt;，使用 {model}：T = {T} 个内循环步，{N}-way。</translation>
        </message>
    </context>
    <context>
        <name>ParameterInspector</name>
        <message>
            <source>click: its update in How it works</source>
            <translation>点击：在“工作原理”中查看其更新</translation>
        </message>
    </context>
    <context>
        <name>UpdatePanel</name>
        <message>
            <source>Index of the coordinate within the layer</source>
            <translation>该坐标在层内的索引</translation>
        </message>
        <message>
            <source>Largest change</source>
            <translation>变化最大</translation>
        </message>
        <message>
            <source>The layer's weight that moved most in the episode</source>
            <translation>该层在本回合中变化最大的权重</translation>
        </message>
        <message>
            <source>Click a row to move the replay to that step</source>
            <translation>点击某一行，将回放移到该步</translation>
        </message>
        <message>
            <source>SGD step from θ_{t−1}</source>
            <translation>从 θ_{t−1} 出发的 SGD 步</translation>
        </message>
        <message>
            <source>Layer</source>
            <translation>层</translation>
        </message>
        <message>
            <source>weight</source>
            <translation>权重</translation>
        </message>
        <message>
            <source>θ&lt;sub&gt;t&lt;/sub&gt;: meta-learner and the SGD step with α = i&lt;sub&gt;t&lt;/sub&gt;</source>
            <translation>θ&lt;sub&gt;t&lt;/sub&gt;：元学习器与 α = i&lt;sub&gt;t&lt;/sub&gt; 的 SGD 步</translation>
        </message>
        <message>
            <source>step t</source>
            <translation>步 t</translation>
        </message>
        <message>
            <source>Input gate i&lt;sub&gt;t&lt;/sub&gt; and 1 − f&lt;sub&gt;t&lt;/sub&gt; (0: plain SGD)</source>
            <translation>输入门 i&lt;sub&gt;t&lt;/sub&gt; 与 1 − f&lt;sub&gt;t&lt;/sub&gt;（0：普通 SGD）</translation>
        </message>
        <message>
            <source>gate</source>
            <translation>门</translation>
        </message>
        <message>
            <source>&lt;b&gt;{name}&lt;/b&gt; (θ[{index}], layer {layer})</source>
            <translation>&lt;b&gt;{name}&lt;/b&gt;（θ[{index}]，{layer} 层）</translation>
        </message>
        <message>
            <source>&lt;b&gt;t = {t}&lt;/b&gt;: θ&lt;sub&gt;t&lt;/sub&gt; = f&lt;sub&gt;t&lt;/sub&gt;·θ&lt;sub&gt;t−1&lt;/sub&gt; + i&lt;sub&gt;t&lt;/sub&gt;·c&lt;sup&gt;~&lt;/sup&gt;&lt;sub&gt;t&lt;/sub&gt; = {f} × {prev} + {i} × ({cand}) = &lt;b&gt;{theta}&lt;/b&gt;&lt;br&gt;SGD with α = i&lt;sub&gt;t&lt;/sub&gt; (f = 1): θ&lt;sub&gt;t−1&lt;/sub&gt; − α∇&lt;sub&gt;t&lt;/sub&gt; = {prev} − {i} × {grad} = {sgd}; the forget gate adds (f&lt;sub&gt;t&lt;/sub&gt; − 1)·θ&lt;sub&gt;t−1&lt;/sub&gt; = {gap}: θ&lt;sub&gt;t−1&lt;/sub&gt; shrinks by {shrink:.3g}% before the step (1 − f&lt;sub&gt;t&lt;/sub&gt; = {omf})</source>
            <translation>&lt;b&gt;t = {t}&lt;/b&gt;：θ&lt;sub&gt;t&lt;/sub&gt; = f&lt;sub&gt;t&lt;/sub&gt;·θ&lt;sub&gt;t−1&lt;/sub&gt; + i&lt;sub&gt;t&lt;/sub&gt;·c&lt;sup&gt;~&lt;/sup&gt;&lt;sub&gt;t&lt;/sub&gt; = {f} × {prev} + {i} × ({cand}) = &lt;b&gt;{theta}&lt;/b&gt;&lt;br&gt;α = i&lt;sub&gt;t&lt;/sub&gt; 的 SGD（f = 1）：θ&lt;sub&gt;t−1&lt;/sub&gt; − α∇&lt;sub&gt;t&lt;/sub&gt; = {prev} − {i} × {grad} = {sgd}；遗忘门额外加上 (f&lt;sub&gt;t&lt;/sub&gt; − 1)·θ&lt;sub&gt;t−1&lt;/sub&gt; = {gap}：θ&lt;sub&gt;t−1&lt;/sub&gt; 在这一步之前收缩 {shrink:.3g}%（1 − f&lt;sub&gt;t&lt;/sub&gt; = {omf}）</translation>
        </message>
        <message>
            <source>meta-learner θ_t</source>
            <translation>元学习器 θ_t</translation>
        </message>
        <message>
            <source>t = 0: θ&lt;sub&gt;0&lt;/sub&gt; = c&lt;sub&gt;0&lt;/sub&gt; = {v}, the learned initialisation; no update yet. Move the replay slider to t ≥ 1.</source>
            <translation>t = 0：θ&lt;sub&gt;0&lt;/sub&gt; = c&lt;sub&gt;0&lt;/sub&gt; = {v}，即学到的初始化；尚未更新。把回放滑块移到 t ≥ 1。</translation>
        </message>
    </context>
    <context>
        <name>Form</name>
        <message>
            <source>Export</source>
            <translation>导出</translation>
        </message>
        <message>
            <source>Item to export:</source>
            <translation>要导出的项：</translation>
        </message>
        <message>
            <source>Export format</source>
            <translation>导出格式</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>Export options</source>
            <translation>导出选项</translation>
        </message>
        <message>
            <source>Copy</source>
            <translation>复制</translation>
        </message>
    </context>
    <context>
        <name>Engine</name>
        <message>
            <source>cannot resume: {0} does not exist</source>
            <translation>无法继续：{0} 不存在</translation>
        </message>
        <message>
            <source>with several processes give --out: every process must name the same run directory</source>
            <translation>多进程运行时请给出 --out：每个进程必须指定同一个运行目录</translation>
        </message>
        <message>
            <source>the data's preprocessing {0} differs from the checkpoint's {1}</source>
            <translation>数据的预处理 {0} 与检查点的 {1} 不同</translation>
        </message>
        <message>
            <source>the dataset has no '{0}' split</source>
            <translation>数据集没有“{0}”划分</translation>
        </message>
        <message>
            <source>no --checkpoint given and no shipped model in {0}</source>
            <translation>没有给出 --checkpoint，{0} 中也没有随附的模型</translation>
        </message>
        <message>
            <source>finetune and nearest-neighbour need the 'train' split to pretrain on</source>
            <translation>finetune 和 nearest-neighbour 需要用“train”划分做预训练</translation>
        </message>
        <message>
            <source>tuning needs meta-validation episodes: the dataset has no 'val' split</source>
            <translation>调参需要元验证回合：数据集没有“val”划分</translation>
        </message>
        <message>
            <source>{0} = {1}: must be a string path or null</source>
            <translation>{0} = {1}：必须是字符串路径或 null</translation>
        </message>
        <message>
            <source>{0} = {1}: must be true or false</source>
            <translation>{0} = {1}：必须是 true 或 false</translation>
        </message>
        <message>
            <source>{0} = {1}: must be an integer</source>
            <translation>{0} = {1}：必须是整数</translation>
        </message>
        <message>
            <source>{0} = {1}: must be a number</source>
            <translation>{0} = {1}：必须是数字</translation>
        </message>
        <message>
            <source>{0} = {1}: must be a string</source>
            <translation>{0} = {1}：必须是字符串</translation>
        </message>
        <message>
            <source>{0}: expected a mapping of field: value, got {1}</source>
            <translation>{0}：应为“字段: 值”的映射，实际为 {1}</translation>
        </message>
        <message>
            <source>{0}: unknown field(s) {1}; allowed: {2}</source>
            <translation>{0}：未知字段 {1}；允许的字段：{2}</translation>
        </message>
        <message>
            <source>cannot read config file {0}: {1}</source>
            <translation>无法读取配置文件 {0}：{1}</translation>
        </message>
        <message>
            <source>{0}: not valid YAML: {1}</source>
            <translation>{0}：不是有效的 YAML：{1}</translation>
        </message>
        <message>
            <source>field '{0}' = {1}: {2}</source>
            <translation>字段“{0}” = {1}：{2}</translation>
        </message>
        <message>
            <source>{0} = {1}: must be a finite number</source>
            <translation>{0} = {1}：必须是有限数</translation>
        </message>
        <message>
            <source>unknown dataset '{0}'</source>
            <translation>未知数据集“{0}”</translation>
        </message>
        <message>
            <source>dataset '{0}' needs data_path (a folder); none was given</source>
            <translation>数据集“{0}”需要 data_path（一个文件夹），但没有给出</translation>
        </message>
        <message>
            <source>{0} data_path not found: {1}</source>
            <translation>找不到 {0} 的 data_path：{1}</translation>
        </message>
        <message>
            <source>only {0} classes: too few to split {1} ways by class ({2})</source>
            <translation>只有 {0} 个类别：太少，无法按类别划分为 {1} 份（{2}）</translation>
        </message>
        <message>
            <source>expected a folder of class folders, found a file: {0}</source>
            <translation>应为包含各类别文件夹的文件夹，实际是文件：{0}</translation>
        </message>
        <message>
            <source>no class folders in {0}: expected {1}/&lt;class&gt;/&lt;images&gt; or train/, val/ and test/ folders of class folders</source>
            <translation>{0} 中没有类别文件夹：应为 {1}/&lt;class&gt;/&lt;images&gt;，或由类别文件夹组成的 train/、val/ 和 test/ 文件夹</translation>
        </message>
        <message>
            <source>Omniglot is black-and-white: set channels to 1 (got {0})</source>
            <translation>Omniglot 是黑白图像：请将 channels 设为 1（当前为 {0}）</translation>
        </message>
        <message>
            <source>{0} has {1} but no {2}/ folder (expected train/, val/ and test/)</source>
            <translation>{0} 有 {1}，但没有 {2}/ 文件夹（应有 train/、val/ 和 test/）</translation>
        </message>
        <message>
            <source>omniglot data_path not found: {0}</source>
            <translation>找不到 omniglot 的 data_path：{0}</translation>
        </message>
        <message>
            <source>seed and index must be &gt;= 0, got {0}, {1}</source>
            <translation>seed 和 index 必须 &gt;= 0，实际为 {0}、{1}</translation>
        </message>
        <message>
            <source>images must be uint8 (n, H, W, C), got {0} {1}</source>
            <translation>图像必须是 uint8 (n, H, W, C)，实际为 {0} {1}</translation>
        </message>
        <message>
            <source>labels shape {0} != ({1},)</source>
            <translation>标签形状 {0} != ({1},)</translation>
        </message>
        <message>
            <source>labels must index class_names</source>
            <translation>标签必须是 class_names 的索引</translation>
        </message>
        <message>
            <source>need way &gt;= 1, shot &gt;= 1, query &gt;= 0; got {0}, {1}, {2}</source>
            <translation>需要 way &gt;= 1、shot &gt;= 1、query &gt;= 0；实际为 {0}、{1}、{2}</translation>
        </message>
        <message>
            <source>{0} split: rotations need square images, got {1}x{2}</source>
            <translation>{0} 划分：旋转需要正方形图像，实际为 {1}x{2}</translation>
        </message>
        <message>
            <source>{0} split: {1}-way episodes with K+Q = {2}+{3} = {4} images per class need {5} classes with at least {6} images, but only {7} of {8} classes have that many{9}; largest class has {10} images</source>
            <translation>{0} 划分：每类 K+Q = {2}+{3} = {4} 张图像的 {1} 类回合需要 {5} 个至少有 {6} 张图像的类别，但 {8} 个类别中只有 {7} 个达到{9}；最大的类别有 {10} 张图像</translation>
        </message>
        <message>
            <source>invalid preprocessing record {0}: {1}</source>
            <translation>无效的预处理记录 {0}：{1}</translation>
        </message>
        <message>
            <source>examples need at least 2 classes (N), got {0}</source>
            <translation>示例至少需要 2 个类别 (N)，实际为 {0}</translation>
        </message>
        <message>
            <source>examples need K &gt;= 1 and queries &gt;= 0, got K = {0}, {1}</source>
            <translation>示例需要 K &gt;= 1 且查询数 &gt;= 0，实际为 K = {0}、{1}</translation>
        </message>
        <message>
            <source>examples: N = {0} is more than the {1} characters</source>
            <translation>示例：N = {0} 超过了 {1} 个字符</translation>
        </message>
        <message>
            <source>examples: K + queries = {0} images per class, but only {1} characters have that many (Omniglot has {2} drawings of each)</source>
            <translation>示例：每类 K + 查询 = {0} 张图像，但只有 {1} 个字符有这么多（Omniglot 每个字符有 {2} 幅手绘）</translation>
        </message>
        <message>
            <source>channels must be 1 or 3, got {0}</source>
            <translation>channels 必须是 1 或 3，实际为 {0}</translation>
        </message>
        <message>
            <source>dataset folder not found: {0}</source>
            <translation>找不到数据集文件夹：{0}</translation>
        </message>
        <message>
            <source>no class folders in {0}: expected {1}/&lt;class name&gt;/&lt;images&gt;</source>
            <translation>{0} 中没有类别文件夹：应为 {1}/&lt;class name&gt;/&lt;images&gt;</translation>
        </message>
        <message>
            <source>no usable images in any class folder of {0}</source>
            <translation>{0} 的所有类别文件夹中都没有可用的图像</translation>
        </message>
        <message>
            <source>image file not found: {0}</source>
            <translation>找不到图像文件：{0}</translation>
        </message>
        <message>
            <source>expected an image file, found a folder: {0}</source>
            <translation>应为图像文件，实际是文件夹：{0}</translation>
        </message>
        <message>
            <source>not an image (or a format Pillow cannot read): {0}</source>
            <translation>不是图像（或 Pillow 无法读取的格式）：{0}</translation>
        </message>
        <message>
            <source>no permission to read image file: {0}</source>
            <translation>没有读取图像文件的权限：{0}</translation>
        </message>
        <message>
            <source>image too large to decode safely: {0} ({1})</source>
            <translation>图像太大，无法安全解码：{0}（{1}）</translation>
        </message>
        <message>
            <source>corrupt or unsupported image: {0} ({1})</source>
            <translation>图像已损坏或不受支持：{0}（{1}）</translation>
        </message>
        <message>
            <source>folder not found: {0}</source>
            <translation>找不到文件夹：{0}</translation>
        </message>
        <message>
            <source>expected a folder, found a file: {0}</source>
            <translation>应为文件夹，实际是文件：{0}</translation>
        </message>
        <message>
            <source>cannot read folder {0}: {1}</source>
            <translation>无法读取文件夹 {0}：{1}</translation>
        </message>
        <message>
            <source>miniImageNet split file missing: {0}</source>
            <translation>缺少 miniImageNet 划分文件：{0}</translation>
        </message>
        <message>
            <source>{0}: expected a header line 'filename,label'</source>
            <translation>{0}：应有表头行“filename,label”</translation>
        </message>
        <message>
            <source>{0}: no images listed</source>
            <translation>{0}：没有列出任何图像</translation>
        </message>
        <message>
            <source>none of the images listed in {0} could be read from {1}</source>
            <translation>{0} 中列出的图像都无法从 {1} 读取</translation>
        </message>
        <message>
            <source>miniImageNet folder not found: {0}</source>
            <translation>找不到 miniImageNet 文件夹：{0}</translation>
        </message>
        <message>
            <source>miniImageNet: expected a folder with images/ and train/val/test.csv, found a file: {0}</source>
            <translation>miniImageNet：应为包含 images/ 和 train/val/test.csv 的文件夹，实际是文件：{0}</translation>
        </message>
        <message>
            <source>miniImageNet images folder missing: {0}</source>
            <translation>缺少 miniImageNet 图像文件夹：{0}</translation>
        </message>
        <message>
            <source>miniImageNet split file(s) missing: {0}</source>
            <translation>缺少 miniImageNet 划分文件：{0}</translation>
        </message>
        <message>
            <source>cannot read miniImageNet split file {0}: {1}</source>
            <translation>无法读取 miniImageNet 划分文件 {0}：{1}</translation>
        </message>
        <message>
            <source>{0}, line {1}: expected 'filename,label', got {2}</source>
            <translation>{0}，第 {1} 行：应为“filename,label”，实际为 {2}</translation>
        </message>
        <message>
            <source>no Omniglot data in {0}: expected images_background.zip and images_evaluation.zip (or the extracted images_background/ and images_evaluation/ folders)</source>
            <translation>{0} 中没有 Omniglot 数据：应有 images_background.zip 和 images_evaluation.zip（或解压后的 images_background/ 和 images_evaluation/ 文件夹）</translation>
        </message>
        <message>
            <source>not an Omniglot archive: {0} has no &lt;Alphabet&gt;/characterNN/*.png entries</source>
            <translation>不是 Omniglot 压缩包：{0} 中没有 &lt;Alphabet&gt;/characterNN/*.png 条目</translation>
        </message>
        <message>
            <source>not an Omniglot folder: {0} has no &lt;Alphabet&gt;/characterNN/*.png files</source>
            <translation>不是 Omniglot 文件夹：{0} 中没有 &lt;Alphabet&gt;/characterNN/*.png 文件</translation>
        </message>
        <message>
            <source>Omniglot path not found: {0}</source>
            <translation>找不到 Omniglot 路径：{0}</translation>
        </message>
        <message>
            <source>Omniglot: cannot tell whether {0} is the background or the evaluation set; name it images_background.zip / images_evaluation.zip</source>
            <translation>Omniglot：无法判断 {0} 是背景集还是评估集；请将其命名为 images_background.zip / images_evaluation.zip</translation>
        </message>
        <message>
            <source>embedded Omniglot asset is damaged: {0} does not match its checksum (reinstall, or rebuild it with scripts/build_omniglot_asset.py)</source>
            <translation>内置的 Omniglot 资源已损坏：{0} 与其校验和不符（请重新安装，或用 scripts/build_omniglot_asset.py 重新生成）</translation>
        </message>
        <message>
            <source>not a zip archive (or a damaged one): {0}</source>
            <translation>不是 zip 压缩包（或已损坏）：{0}</translation>
        </message>
        <message>
            <source>cannot read {0}: {1}</source>
            <translation>无法读取 {0}：{1}</translation>
        </message>
        <message>
            <source>cannot read Omniglot folder {0}: {1}</source>
            <translation>无法读取 Omniglot 文件夹 {0}：{1}</translation>
        </message>
        <message>
            <source>Omniglot: found {0} but not its companion {1} (or folder) beside it</source>
            <translation>Omniglot：找到了 {0}，但旁边没有与之配套的 {1}（或文件夹）</translation>
        </message>
        <message>
            <source>Omniglot: {0} (or the extracted folder) is missing</source>
            <translation>Omniglot：缺少 {0}（或解压后的文件夹）</translation>
        </message>
        <message>
            <source>embedded Omniglot asset missing: {0} (rebuild it with scripts/build_omniglot_asset.py)</source>
            <translation>缺少内置的 Omniglot 资源：{0}（请用 scripts/build_omniglot_asset.py 重新生成）</translation>
        </message>
        <message>
            <source>embedded Omniglot asset unreadable: {0} ({1})</source>
            <translation>内置的 Omniglot 资源无法读取：{0}（{1}）</translation>
        </message>
        <message>
            <source>{0} has no strokes: draw something first</source>
            <translation>{0} 没有笔画：请先画点什么</translation>
        </message>
        <message>
            <source>ink_statistics needs a 2-D mask with some ink, got shape {0}</source>
            <translation>ink_statistics 需要带有墨迹的二维掩码，实际形状为 {0}</translation>
        </message>
        <message>
            <source>{0}: stroke {1}, point {2} is not finite: {3}</source>
            <translation>{0}：笔画 {1} 的点 {2} 不是有限值：{3}</translation>
        </message>
        <message>
            <source>{0}: stroke {1}, point {2} is not a pair of numbers: {3}</source>
            <translation>{0}：笔画 {1} 的点 {2} 不是一对数字：{3}</translation>
        </message>
        <message>
            <source>need n_classes &gt;= 3 and per_class &gt;= 1, got {0}, {1}</source>
            <translation>需要 n_classes &gt;= 3 且 per_class &gt;= 1，实际为 {0}、{1}</translation>
        </message>
        <message>
            <source>{0} became NaN or infinite at episode {1}; training stopped before updating the meta-learner (the last good checkpoint is intact)</source>
            <translation>{0}在第 {1} 个回合变为 NaN 或无穷大；训练已在更新元学习器之前停止（最后一个完好的检查点未受影响）</translation>
        </message>
        <message>
            <source>need at least 2 classes to classify, got {0}</source>
            <translation>分类至少需要 2 个类别，实际为 {0}</translation>
        </message>
        <message>
            <source>no query images to classify</source>
            <translation>没有要分类的查询图像</translation>
        </message>
        <message>
            <source>no query images in {0}</source>
            <translation>{0} 中没有查询图像</translation>
        </message>
        <message>
            <source>class '{0}' has no support images</source>
            <translation>类别“{0}”没有支持图像</translation>
        </message>
        <message>
            <source>query class folder(s) {0} in {1} have no support class of the same name in {2}</source>
            <translation>{1} 中的查询类别文件夹 {0} 在 {2} 中没有同名的支持类别</translation>
        </message>
        <message>
            <source>{0} has no usable images</source>
            <translation>{0} 没有可用的图像</translation>
        </message>
        <message>
            <source>finetune needs the pretrained learner</source>
            <translation>finetune 需要预训练的学习器</translation>
        </message>
        <message>
            <source>nearest-neighbour needs the pretrained learner</source>
            <translation>nearest-neighbour 需要预训练的学习器</translation>
        </message>
        <message>
            <source>this trace has no recorded gradients (traced before they were kept)</source>
            <translation>此轨迹没有记录梯度（它是在保留梯度之前记录的）</translation>
        </message>
        <message>
            <source>coordinate {0} is outside θ (size {1})</source>
            <translation>坐标 {0} 超出了 θ 的范围（大小 {1}）</translation>
        </message>
        <message>
            <source>checkpoint {0} does not exist</source>
            <translation>检查点 {0} 不存在</translation>
        </message>
        <message>
            <source>{0} is not a checkpoint: it is not a PyTorch file (empty, truncated at its start, or another kind of file)</source>
            <translation>{0} 不是检查点：它不是 PyTorch 文件（为空、开头被截断，或是其他类型的文件）</translation>
        </message>
        <message>
            <source>{0} is not a Meta-LSTM Explorer {1} (a foreign PyTorch file)</source>
            <translation>{0} 不是 Meta-LSTM Explorer 的 {1}（是其他来源的 PyTorch 文件）</translation>
        </message>
        <message>
            <source>{0} has format version {1}, newer than this program's {2}: update Meta-LSTM Explorer to open it</source>
            <translation>{0} 的格式版本为 {1}，比本程序的 {2} 新：请更新 Meta-LSTM Explorer 后再打开</translation>
        </message>
        <message>
            <source>{0} is damaged: its contents do not match the checksum stored in it, so its weights are not the ones saved{1}</source>
            <translation>{0} 已损坏：内容与其中保存的校验和不符，因此其权重不是当初保存的权重{1}</translation>
        </message>
        <message>
            <source>cannot write checkpoint {0}: {1}; the previous checkpoint there (if any) is unchanged</source>
            <translation>无法写入检查点 {0}：{1}；该位置原有的检查点（如有）保持不变</translation>
        </message>
        <message>
            <source>cannot read checkpoint {0}: {1}</source>
            <translation>无法读取检查点 {0}：{1}</translation>
        </message>
        <message>
            <source>{0} is corrupt or truncated and cannot be read ({1})</source>
            <translation>{0} 已损坏或被截断，无法读取（{1}）</translation>
        </message>
        <message>
            <source>{0} is missing its '{1}' section</source>
            <translation>{0} 缺少“{1}”部分</translation>
        </message>
        <message>
            <source>{0} has an unusable config: {1}</source>
            <translation>{0} 的配置不可用：{1}</translation>
        </message>
        <message>
            <source>{0}: meta-learner weights do not fit its config ({1})</source>
            <translation>{0}：元学习器权重与其配置不符（{1}）</translation>
        </message>
        <message>
            <source>{0} has an unusable preprocessing: {1}</source>
            <translation>{0} 的预处理不可用：{1}</translation>
        </message>
        <message>
            <source>{0} is not a Meta-LSTM Explorer checkpoint: it holds objects that are refused for safety ({1})</source>
            <translation>{0} 不是 Meta-LSTM Explorer 检查点：其中含有出于安全原因被拒绝的对象（{1}）</translation>
        </message>
        <message>
            <source>{0} holds a learner of shape {1}, not {2}</source>
            <translation>{0} 中的学习器形状为 {1}，而不是 {2}</translation>
        </message>
        <message>
            <source>{0} is not a usable pretrained learner (wrong sizes)</source>
            <translation>{0} 不是可用的预训练学习器（尺寸不对）</translation>
        </message>
        <message>
            <source>{0} is not a usable pretrained learner ({1})</source>
            <translation>{0} 不是可用的预训练学习器（{1}）</translation>
        </message>
        <message>
            <source>cannot write to run directory {0}: {1}</source>
            <translation>无法写入运行目录 {0}：{1}</translation>
        </message>
        <message>
            <source>cannot write {0}: {1}</source>
            <translation>无法写入 {0}：{1}</translation>
        </message>
        <message>
            <source>cannot save a task to {0}: it is a file</source>
            <translation>无法将任务保存到 {0}：它是一个文件</translation>
        </message>
        <message>
            <source>cannot save a task to {0}: the folder holds other files ({1}{2}); choose an empty folder</source>
            <translation>无法将任务保存到 {0}：该文件夹中有其他文件（{1}{2}）；请选择一个空文件夹</translation>
        </message>
        <message>
            <source>two classes would share the folder {0}: rename one</source>
            <translation>两个类别会共用文件夹 {0}：请重命名其中一个</translation>
        </message>
        <message>
            <source>not a task folder: {0} has no {1}/ folder (a saved task holds {2}/&lt;class&gt;/, {3}/&lt;class&gt;/ and {4}/ images)</source>
            <translation>不是任务文件夹：{0} 中没有 {1}/ 文件夹（保存的任务包含 {2}/&lt;class&gt;/、{3}/&lt;class&gt;/ 和 {4}/ 图像）</translation>
        </message>
        <message>
            <source>no class folders in {0}: expected {1}/&lt;class&gt;/&lt;images&gt;</source>
            <translation>{0} 中没有类别文件夹：应为 {1}/&lt;class&gt;/&lt;images&gt;</translation>
        </message>
        <message>
            <source>query class folder {0} has no support class {1}</source>
            <translation>查询类别文件夹 {0} 没有支持类别 {1}</translation>
        </message>
        <message>
            <source>K must be at least 1 to save a drawn set, got {0}</source>
            <translation>保存手绘集时 K 至少为 1，实际为 {0}</translation>
        </message>
        <message>
            <source>the drawn set has no classes: draw at least one character</source>
            <translation>手绘集中没有类别：请至少画一个字符</translation>
        </message>
        <message>
            <source>{0} must be a list of drawings, got {1}</source>
            <translation>{0} 必须是手绘列表，实际为 {1}</translation>
        </message>
        <message>
            <source>{0}: not a drawn set (field 'format' is not {1})</source>
            <translation>{0}：不是手绘集（字段“format”不是 {1}）</translation>
        </message>
        <message>
            <source>{0}: field 'version' is {1}; this reads {2}</source>
            <translation>{0}：字段“version”为 {1}；本程序读取 {2}</translation>
        </message>
        <message>
            <source>{0}: field 'shot' must be a whole number &gt;= 1, got {1}</source>
            <translation>{0}：字段“shot”必须是 &gt;= 1 的整数，实际为 {1}</translation>
        </message>
        <message>
            <source>{0}: field 'classes' must be a list</source>
            <translation>{0}：字段“classes”必须是列表</translation>
        </message>
        <message>
            <source>class '{0}' has no support images: add one or remove it</source>
            <translation>类别“{0}”没有支持图像：请添加一张或删除该类别</translation>
        </message>
        <message>
            <source>cannot write the task to {0}: {1}</source>
            <translation>无法将任务写入 {0}：{1}</translation>
        </message>
        <message>
            <source>support class folder {0} has no images</source>
            <translation>支持类别文件夹 {0} 中没有图像</translation>
        </message>
        <message>
            <source>a drawn class has no name: name it before saving</source>
            <translation>有一个手绘类别没有名称：保存前请为它命名</translation>
        </message>
        <message>
            <source>drawn class '{0}' has no drawings: draw one or remove the class</source>
            <translation>手绘类别“{0}”没有手绘：请画一个或删除该类别</translation>
        </message>
        <message>
            <source>not a drawn set: {0} not found</source>
            <translation>不是手绘集：找不到 {0}</translation>
        </message>
        <message>
            <source>{0}: classes[{1}].name must be a non-empty text</source>
            <translation>{0}：classes[{1}].name 必须是非空文本</translation>
        </message>
        <message>
            <source>{0}: classes[{1}] ('{2}') has no drawings</source>
            <translation>{0}：classes[{1}]（“{2}”）没有手绘</translation>
        </message>
        <message>
            <source>--tensorboard needs the 'tensorboard' package: pip install tensorboard (or leave the option out)</source>
            <translation>--tensorboard 需要“tensorboard”包：pip install tensorboard（或不用此选项）</translation>
        </message>
        <message>
            <source>cannot write TensorBoard files to {0}: {1}</source>
            <translation>无法将 TensorBoard 文件写入 {0}：{1}</translation>
        </message>
        <message>
            <source>gate forcing applies to the meta-learner, not to another update rule</source>
            <translation>固定门值只适用于元学习器，不适用于其他更新规则</translation>
        </message>
        <message>
            <source>inner_batch needs an rng (episode_rng) to draw its batches</source>
            <translation>inner_batch 需要一个随机数生成器 (episode_rng) 来抽取批次</translation>
        </message>
        <message>
            <source>unknown head rule '{0}' (choose from {1})</source>
            <translation>未知的输出头规则“{0}”（可选：{1}）</translation>
        </message>
        <message>
            <source>image_size {0} is too small for {1} 2x2 poolings</source>
            <translation>image_size {0} 太小，无法进行 {1} 次 2x2 池化</translation>
        </message>
        <message>
            <source>unknown method '{0}' (choose from {1})</source>
            <translation>未知方法“{0}”（可选：{1}）</translation>
        </message>
        <message>
            <source>method '{0}' needs its {1} (tune it on meta-validation first)</source>
            <translation>方法“{0}”需要它的 {1}（请先在元验证集上调参）</translation>
        </message>
        <message>
            <source>method '{0}' is not a nearest-neighbour method</source>
            <translation>方法“{0}”不是最近邻方法</translation>
        </message>
        <message>
            <source>method '{0}' does not run the inner loop</source>
            <translation>方法“{0}”不运行内循环</translation>
        </message>
        <message>
            <source>{0} not found: {1} (no such file; shipped names: {2})</source>
            <translation>找不到 {0}：{1}（没有这个文件；随附的名称：{2}）</translation>
        </message>
        <message>
            <source>field 'device' = {0}: no CUDA device is available here; use cpu or auto</source>
            <translation>字段“device” = {0}：此处没有可用的 CUDA 设备；请使用 cpu 或 auto</translation>
        </message>
        <message>
            <source>field 'device' = {0}: with {1} processes use cuda or auto, and each process takes the GPU of its local rank</source>
            <translation>字段“device” = {0}：{1} 个进程时请使用 cuda 或 auto，每个进程使用其本地序号对应的 GPU</translation>
        </message>
        <message>
            <source>field 'meta_batch' = {0}: must be a multiple of the {1} processes (each trains on an equal share)</source>
            <translation>字段“meta_batch” = {0}：必须是进程数 {1} 的倍数（每个进程训练相同的份额）</translation>
        </message>
        <message>
            <source>the {0} processes' meta-parameters differ by up to {1}; training stopped</source>
            <translation>{0} 个进程的元参数相差最多 {1}；训练已停止</translation>
        </message>
        <message>
            <source>environment variable {0}={1}: must be an integer</source>
            <translation>环境变量 {0}={1}：必须是整数</translation>
        </message>
        <message>
            <source>cannot join the {0}-process group ({1}): {2}</source>
            <translation>无法加入 {0} 进程组（{1}）：{2}</translation>
        </message>
        <message>
            <source>event must be an engine.training.events.Event, not {0}</source>
            <translation>事件必须是 engine.training.events.Event，而不是 {0}</translation>
        </message>
        <message>
            <source>{0}: --method takes one or more of {1} (comma-separated)</source>
            <translation>{0}：--method 接受 {1} 中的一个或多个（以逗号分隔）</translation>
        </message>
        <message>
            <source>this method needs the pretrained learner, and none was given</source>
            <translation>此方法需要预训练的学习器，但没有给出</translation>
        </message>
        <message>
            <source>pretraining needs a non-empty training split</source>
            <translation>预训练需要非空的训练划分</translation>
        </message>
        <message>
            <source>pretraining loss became {0} at update {1}</source>
            <translation>预训练损失在第 {1} 次更新时变为 {0}</translation>
        </message>
        <message>
            <source>field 'amp' = true: mixed precision is for CUDA devices, and this run's device is {0}</source>
            <translation>字段“amp” = true：混合精度用于 CUDA 设备，而此运行的设备是 {0}</translation>
        </message>
        <message>
            <source>the dataset has no training split</source>
            <translation>数据集没有训练划分</translation>
        </message>
        <message>
            <source>meta-loss</source>
            <translation>元损失</translation>
        </message>
        <message>
            <source>the run is complete ({0} of {1} episodes): nothing left to train</source>
            <translation>运行已完成（{1} 个回合中的 {0} 个）：没有剩余可训练的内容</translation>
        </message>
        <message>
            <source>a loss of meta-update {0}</source>
            <translation>第 {0} 次元更新的一个损失</translation>
        </message>
        <message>
            <source>meta-gradient</source>
            <translation>元梯度</translation>
        </message>
        <message>
            <source>cannot resume from {0}: its config differs in {1}</source>
            <translation>无法从 {0} 继续：其配置在 {1} 上不同</translation>
        </message>
        <message>
            <source>no run directory: give a path</source>
            <translation>没有运行目录：请给出路径</translation>
        </message>
        <message>
            <source>cannot resume from {0}: its weights or optimizer state do not fit ({1})</source>
            <translation>无法从 {0} 继续：其权重或优化器状态不匹配（{1}）</translation>
        </message>
        <message>
            <source>tuning needs meta-validation episodes (a 'val' split)</source>
            <translation>调参需要元验证回合（“val”划分）</translation>
        </message>
    </context>
</TS>
